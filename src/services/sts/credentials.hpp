#pragma once
#include <string>
#include <string_view>

#include "minecs/api/handler.hpp"
#include "minecs/core/json.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/services/sts.hpp"
#include "minecs/store/iam_records.hpp"

// What the STS handlers of this directory share: temporary keys and their wire shape.
namespace minecs::sts {

inline service_error validation(const std::string& message) {
  return {"ValidationError", message, 400};
}
inline service_error access_denied(const std::string& message) {
  return {"AccessDenied", message, 403};
}

// The operations (one source file each), which register.cpp binds.
json get_caller_identity(api::request_context& ctx, const json& input);
json assume_role(api::request_context& ctx, const json& input, const options& opts);
json get_session_token(api::request_context& ctx, const json& input);

// New temporary keys (ASIA... access key id, secret, session token) that expire `seconds` from
// now; the caller fills in whose they are and stores them.
store::sts_credential new_credentials(api::request_context& ctx, long long seconds);
json render_credentials(const store::sts_credential& c);

// The keys that signed the request when STS issued them (expired or not), else nullopt. Reads
// the store: not inside a transaction.
std::optional<store::sts_credential> caller_credentials(api::request_context& ctx);

// arn:aws:sts::<account>:assumed-role/<role name>/<session name>
std::string assumed_role_arn(const std::string& account, const std::string& role,
                             const std::string& session);

}  // namespace minecs::sts
