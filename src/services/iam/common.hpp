#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/core/json.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/iam_records.hpp"

// Helpers shared by the IAM handlers of this directory.
namespace minecs::iam {

// Registration, one per source file; register_handlers calls them all.
void add_role_handlers(api::handler_table& table);
void add_role_tag_handlers(api::handler_table& table);
void add_role_policy_handlers(api::handler_table& table);
void add_policy_handlers(api::handler_table& table);
void add_policy_version_handlers(api::handler_table& table);
void add_attachment_handlers(api::handler_table& table);
void add_instance_profile_handlers(api::handler_table& table);

// IAM's quotas (characters without whitespace for the documents).
constexpr std::size_t max_policy_versions = 5;
constexpr std::size_t max_tags = 50;
constexpr std::size_t max_attached_policies_per_role = 10;
constexpr std::size_t trust_policy_limit = 2048;
constexpr std::size_t managed_policy_limit = 6144;
constexpr std::size_t role_inline_policies_limit = 10240;

// IAM's errors and their HTTP statuses.
inline service_error no_such_entity(const std::string& message) {
  return {"NoSuchEntity", message, 404};
}
inline service_error entity_exists(const std::string& message) {
  return {"EntityAlreadyExists", message, 409};
}
inline service_error delete_conflict(const std::string& message) {
  return {"DeleteConflict", message, 409};
}
inline service_error limit_exceeded(const std::string& message) {
  return {"LimitExceeded", message, 409};
}
inline service_error malformed_policy(const std::string& message) {
  return {"MalformedPolicyDocument", message, 400};
}
inline service_error invalid_input(const std::string& message) {
  return {"InvalidInput", message, 400};
}
inline service_error validation(const std::string& message) {
  return {"ValidationError", message, 400};
}

// Which kind of policy a document is: a role's trust policy names principals, the others must not.
enum class policy_kind { identity, trust };

// The document if it is a policy IAM accepts (JSON with a Statement of statements with an Effect,
// and actions or principals as the kind needs); MalformedPolicyDocument otherwise. Returns its
// size as IAM counts it (without whitespace).
std::size_t check_policy_document(const std::string& text, policy_kind kind);

// How IAM returns documents: URL-encoded (SDKs decode them).
std::string url_encode(std::string_view text);

// An IAM unique id: the prefix (AROA, ANPA, AIPA) and 17 upper-case letters and digits.
std::string new_id(api::request_context& ctx, std::string_view prefix);
// Now, in whole seconds as IAM's dates are.
double now_seconds(const api::request_context& ctx);

std::string role_arn(const api::request_context& ctx, const store::iam_role& r);
std::string instance_profile_arn(const api::request_context& ctx,
                                 const store::iam_instance_profile& p);
// arn:aws:iam::<account>:policy<path><name>, or "aws" as account for AWS managed policies.
std::string policy_arn(const std::string& account, const store::iam_policy& p);

std::optional<store::iam_role> find_role(api::request_context& ctx, const std::string& name);
// The role or NoSuchEntity.
store::iam_role get_role(api::request_context& ctx, const std::string& name);

// A managed policy named by ARN, customer (stored) or AWS managed (built in).
struct policy_ref {
  store::iam_policy policy;
  bool aws_managed = false;
  std::string arn;
};
// The policy or NoSuchEntity ("Policy ... does not exist or is not attachable."); InvalidInput
// when the text is no policy ARN.
policy_ref get_policy(api::request_context& ctx, const std::string& arn);
// The same, for the operations that change a policy: AWS managed ones are InvalidInput.
policy_ref get_own_policy(api::request_context& ctx, const std::string& arn);
// How many roles the policy is attached to.
int attachment_count(api::request_context& ctx, const std::string& arn);

// The AWS managed policies minecs knows (aws_managed.cpp), each with its one version.
const std::vector<store::iam_policy>& aws_managed_policies();
// The AWS managed policy of that ARN, or nullptr.
const store::iam_policy* find_aws_managed_policy(std::string_view arn);

// Tags of a request's Tags member, checked (at most 50 in all with `existing`, keys unique).
std::vector<store::iam_tag> merge_tags(std::vector<store::iam_tag> existing, const json& input);
json render_tags(const std::vector<store::iam_tag>& tags);

// The wire shapes.
json render_role(const api::request_context& ctx, const store::iam_role& r, bool with_tags);
json render_policy(const api::request_context& ctx, const policy_ref& p, int attachments);
json render_instance_profile(api::request_context& ctx, const store::iam_instance_profile& p);

// IAM's paging: MaxItems (default 100) and a Marker that is the position of the next item. Sets
// IsTruncated (and Marker) on `out` and returns the range [first, last) of `count` items to list.
struct page_range {
  std::size_t first = 0;
  std::size_t last = 0;
};
page_range page(const json& input, std::size_t count, json& out);

// What api::member_or falls back to for an absent list: one that outlives the loop over it.
inline const json& no_items() {
  static const json empty = json::array();
  return empty;
}

}  // namespace minecs::iam
