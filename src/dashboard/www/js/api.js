// minecs's own AWS APIs, called as an SDK calls them: POST / with X-Amz-Target and JSON 1.1.
// The page is served by minecs, so these are same-origin requests with nothing to sign
// (minecs checks no credentials).

const TARGETS = {
  ecs: "AmazonEC2ContainerServiceV20141113",
  logs: "Logs_20140328",
};

export class ApiError extends Error {
  constructor(code, message, status) {
    super(`${code}: ${message}`);
    this.code = code;
    this.status = status;
  }
}

// minecs takes the region from the SigV4 credential scope; an unsigned request gets its default
// region. A region picked in the page is sent the same way, in a scope that signs nothing.
export function authorizationFor(region, service) {
  if (!region) {
    return null;
  }
  return `AWS4-HMAC-SHA256 Credential=dashboard/20240101/${region}/${service}/aws4_request, ` +
    "SignedHeaders=host, Signature=0";
}

// Returns call(service, operation, input, region) → the operation's output; an AWS error rejects
// with an ApiError carrying its code (e.g. ResourceNotFoundException). The region defaults to the
// page's.
export function makeApi(fetchImpl, getRegion = () => "") {
  return async function call(service, operation, input = {}, region = getRegion()) {
    const headers = {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": `${TARGETS[service]}.${operation}`,
    };
    const auth = authorizationFor(region, service);
    if (auth) {
      headers.Authorization = auth;
    }
    const res = await fetchImpl("/", { method: "POST", headers, body: JSON.stringify(input) });
    const text = await res.text();
    let body = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { message: text };
    }
    if (!res.ok) {
      const type = String(body.__type || res.headers.get("X-Amzn-ErrorType") || "HttpError");
      throw new ApiError(type.split("#").pop(), body.message || body.Message || res.statusText,
        res.status);
    }
    return body;
  };
}

// Every page of a List* operation: follows nextToken until there is none.
export async function listAll(call, service, operation, input, key) {
  const out = [];
  let token;
  do {
    const page = await call(service, operation, token ? { ...input, nextToken: token } : input);
    out.push(...(page[key] || []));
    token = page.nextToken;
  } while (token);
  return out;
}

// Describe* calls take a bounded number of names (10 services, 100 tasks): one call per chunk.
export async function describeInChunks(call, operation, input, namesKey, names, size, key) {
  const out = [];
  for (let i = 0; i < names.length; i += size) {
    const page = await call("ecs", operation, { ...input, [namesKey]: names.slice(i, i + size) });
    out.push(...(page[key] || []));
  }
  return out;
}
