-- wrk script for one API operation, configured by the environment (api_wrk.py sets it):
--   BENCH_CONTENT_TYPE  application/x-amz-json-1.1 (ECS) or a form type (EC2's Query protocol)
--   BENCH_TARGET        the X-Amz-Target header of JSON-1.1 operations; unset for Query calls,
--                       whose Action is in the body
--   BENCH_BODY          the request body, sent unchanged on every request
--   BENCH_AUTH          the Authorization header (unsigned; it only carries the credential scope,
--                       which names the region and the service)
--   BENCH_AMZ_DATE      the X-Amz-Date header, as a signed request carries it
-- The request is built once and reused: RegisterTaskDefinition with a fixed body registers a new
-- revision of the same family each time, which is the realistic case.
wrk.method = "POST"
wrk.path = "/"
wrk.body = os.getenv("BENCH_BODY") or ""
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/x-amz-json-1.1"
local target = os.getenv("BENCH_TARGET")
if target and target ~= "" then
  wrk.headers["X-Amz-Target"] = target
end
wrk.headers["Authorization"] = os.getenv("BENCH_AUTH") or ""
local amz_date = os.getenv("BENCH_AMZ_DATE")
if amz_date and amz_date ~= "" then
  wrk.headers["X-Amz-Date"] = amz_date
end
