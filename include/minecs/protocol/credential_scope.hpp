#pragma once
// What a SigV4 credential scope says about a request: the region it is for and the service it was
// signed for, which is how one endpoint tells STS from EC2 (and every other service) apart.
#include <string>
#include <string_view>

namespace minecs::protocol {

struct credential_scope {
  std::string region;   // empty when there is no scope or it does not parse
  std::string service;  // likewise: "sts", "ec2", "ecs", "logs", ...
  // Who signed: STS tells the keys it issued from the configured ones by it. Empty when absent.
  std::string access_key_id;
};

// A credential: AKID/20240101/<region>/<service>/aws4_request (the Authorization header's
// Credential= or a presigned URL's X-Amz-Credential). Region and service are lower-case letters,
// digits and '-', at most 32 and 64 characters; anything else reads as absent.
credential_scope scope_of_credential(std::string_view credential);

// The scope of an Authorization header: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...
credential_scope scope_of_authorization(std::string_view authorization);

}  // namespace minecs::protocol
