#pragma once
#include <string>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/core/json.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/secrets.hpp"

// Helpers shared by the Secrets Manager handlers of this directory.
namespace minecs::secretsmanager {

void add_secret_handlers(api::handler_table& table);
void add_value_handlers(api::handler_table& table);
void add_list_handlers(api::handler_table& table);
void add_deletion_handlers(api::handler_table& table);
void add_tag_handlers(api::handler_table& table);
void add_resource_policy_handlers(api::handler_table& table);
void add_random_password_handler(api::handler_table& table);

inline const std::string current_stage = "AWSCURRENT";
inline const std::string previous_stage = "AWSPREVIOUS";
inline const std::string pending_stage = "AWSPENDING";

inline service_error secret_not_found() {
  return {"ResourceNotFoundException", "Secrets Manager can't find the specified secret."};
}
inline service_error invalid_request(const std::string& message) {
  return {"InvalidRequestException", message};
}
inline service_error marked_for_deletion() {
  return invalid_request(
      "You can't perform this operation on the secret because it was marked for deletion.");
}

double now_seconds(const api::request_context& ctx);

// What api::member_or falls back to for an absent list: one that outlives the loop over it (a
// temporary json::array() would not).
inline const json& no_items() {
  static const json empty = json::array();
  return empty;
}

// Inside a write: removes the secrets whose recovery window has passed, as Secrets Manager does
// once the deletion date comes.
void purge_expired(api::request_context& ctx);

// Inside a transaction: the secret a SecretId names (its name, its ARN, or its ARN without the
// random suffix), or ResourceNotFoundException. Secrets past their recovery window are gone.
store::secret_record require_secret(api::request_context& ctx, const std::string& secret_id);
// The same, but InvalidRequestException for a secret scheduled for deletion.
store::secret_record require_live_secret(api::request_context& ctx, const std::string& secret_id);

// A new version's id: the request's ClientRequestToken, else a fresh UUID.
std::string version_id_of(api::request_context& ctx, const json& input);

// Adds a version holding the request's SecretString or SecretBinary (exactly one, else
// InvalidParameterException) with `stages`, moving each stage off the version that had it;
// AWSCURRENT moving leaves AWSPREVIOUS on the version it left. A token already used for the same
// value is a retry and changes nothing; for another value it is ResourceExistsException.
// Returns the version's stages.
std::vector<std::string> add_version(api::request_context& ctx, store::secret_record& s,
                                     const std::string& id, const json& input,
                                     const std::vector<std::string>& stages);
// Whether the request carries a value (SecretString or SecretBinary).
bool has_value(const json& input);

// Moves `stage` onto the version `to` (and off every other one).
void move_stage(store::secret_record& s, const std::string& stage, const std::string& to);

json versions_to_stages(const store::secret_record& s);
json render_tags(api::request_context& ctx, const store::secret_record& s);

}  // namespace minecs::secretsmanager
