#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/core/json.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/ssm_parameters.hpp"

// Helpers shared by the SSM Parameter Store handlers of this directory.
namespace minecs::ssm {

// Registration, one per source file; register_handlers calls them all.
void add_put_parameter_handler(api::handler_table& table);
void add_get_parameter_handlers(api::handler_table& table);
void add_describe_handlers(api::handler_table& table);
void add_delete_handlers(api::handler_table& table);
void add_label_handler(api::handler_table& table);
void add_tag_handlers(api::handler_table& table);

// SSM keeps 100 versions of a parameter and allows 15 levels of hierarchy.
constexpr std::size_t max_versions = 100;
constexpr std::size_t max_hierarchy_levels = 15;
constexpr std::size_t max_labels_per_version = 10;
constexpr std::size_t standard_value_limit = 4096;
constexpr std::size_t advanced_value_limit = 8192;
// SecureString's key when the request names none: the account's AWS managed key for SSM.
inline const std::string default_key_id = "alias/aws/ssm";

inline service_error validation(const std::string& message) {
  return {"ValidationException", message};
}
inline service_error parameter_not_found(const std::string& name) {
  return {"ParameterNotFound", "Parameter " + name + " not found."};
}
inline service_error invalid_next_token() {
  return {"InvalidNextToken", "The specified token is not valid."};
}

// arn:aws:ssm:<region>:<account>:parameter/<name without its leading '/'>.
std::string parameter_arn(const scope& s, const std::string& name);
// Who changed a parameter: minecs checks no credentials, so always the account's root.
std::string modifying_user(const scope& s);

// A parameter reference of a read: a name or an ARN of this region and account, maybe followed by
// ":<version>" or ":<label>" when `selectors` allows it. ParameterNotFound-free: a reference of
// another account or region keeps its text as the name, which then matches nothing.
struct parameter_reference {
  std::string name;
  // An ARN drops a hierarchical name's leading '/': arn:...:parameter/p is "/p" or "p", whichever
  // exists (name holds "/p", other_name "p").
  std::string other_name;
  std::optional<std::int64_t> version;
  std::optional<std::string> label;
  std::string selector;  // ":3" or ":prod" as given, for the answer's Selector
};
parameter_reference parse_reference(const api::request_context& ctx, const std::string& text,
                                    bool selectors);

// Inside a transaction: the parameter a reference names (setting ref.name to its name), or
// nullopt.
std::optional<store::ssm_parameter> find_parameter(api::request_context& ctx,
                                                   parameter_reference& ref);

// The version a reference picks: the latest, a version number or the one carrying a label.
// nullptr when there is none.
const store::ssm_parameter_version* select_version(const store::ssm_parameter& p,
                                                   const parameter_reference& ref);

// A name PutParameter accepts, or ValidationException / HierarchyLevelLimitExceededException.
void check_name(const std::string& name);

// What a read answers for a SecureString without WithDecryption: a stand-in for the KMS
// ciphertext AWS returns (base64 text that is not the value), so that no client mistakes it for
// one.
std::string ciphertext_of(const store::ssm_parameter_version& v);

// The wire shapes (render.cpp).
json render_parameter(const api::request_context& ctx, const store::ssm_parameter& p,
                      const store::ssm_parameter_version& v, bool decrypt,
                      const std::string& selector = {});
json render_metadata(const api::request_context& ctx, const store::ssm_parameter& p);
json render_history(const api::request_context& ctx, const store::ssm_parameter& p,
                    const store::ssm_parameter_version& v, bool decrypt);

// Paging: a NextToken is the name (or version) after which the next page starts. A token that
// does not decode for this listing is InvalidNextToken.
std::string next_token(const char* listing, const json& after);
json token_position(const json& input, const char* listing);

// One ParameterFilters entry (Key, Option, Values), checked for the keys `allowed` names.
struct string_filter {
  std::string key;
  std::string option;
  std::vector<std::string> values;
};
std::vector<string_filter> read_filters(const json& input, const std::vector<std::string>& allowed);
// Whether the parameter's latest version passes every filter (tags by their ARN's tags).
bool passes(const api::request_context& ctx, const store::ssm_parameter& p,
            const std::vector<string_filter>& filters);

// One page of the region's parameters, in name order, that pass `filters`: the listing's
// Parameters (each as `render` makes it) and its NextToken. The token is checked first.
json filtered_page(const api::request_context& ctx, const json& input, const char* listing,
                   const std::vector<string_filter>& filters, long long limit,
                   const std::function<json(const store::ssm_parameter&)>& render);

double now_seconds(const api::request_context& ctx);

// What api::member_or falls back to for an absent list: one that outlives the loop over it (a
// temporary json::array() would not).
inline const json& no_items() {
  static const json empty = json::array();
  return empty;
}

}  // namespace minecs::ssm
