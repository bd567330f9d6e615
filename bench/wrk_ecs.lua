-- wrk script for one ECS JSON-1.1 operation, configured by the environment (api_bench.py sets it):
--   BENCH_OPERATION  e.g. DescribeClusters
--   BENCH_BODY       the JSON request body, sent unchanged on every request
--   BENCH_AUTH       the Authorization header (unsigned; it only carries the region's scope)
-- The request is built once and reused: RegisterTaskDefinition with a fixed body registers a new
-- revision of the same family each time, which is the realistic case.
wrk.method = "POST"
wrk.path = "/"
wrk.body = os.getenv("BENCH_BODY") or "{}"
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = "AmazonEC2ContainerServiceV20141113." .. (os.getenv("BENCH_OPERATION") or "")
wrk.headers["Authorization"] = os.getenv("BENCH_AUTH") or ""
