#pragma once
#include <string>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/core/json.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/autoscaling_records.hpp"

// Helpers shared by the Application Auto Scaling handlers of this directory.
namespace minecs::autoscaling {

void add_target_handlers(api::handler_table& table);
void add_policy_handlers(api::handler_table& table);
void add_scheduled_action_handlers(api::handler_table& table);
void add_activity_handlers(api::handler_table& table);
void add_tag_handlers(api::handler_table& table);

inline const std::string ecs_dimension = "ecs:service:DesiredCount";

inline service_error validation(const std::string& message) {
  return {"ValidationException", message};
}
inline service_error object_not_found(const std::string& message) {
  return {"ObjectNotFoundException", message};
}

// "service namespace: ecs, resource ID: <id>, scalable dimension: ecs:service:DesiredCount",
// the middle of AWS's not-found messages.
std::string target_words(const std::string& resource_id);

// The ServiceNamespace and ScalableDimension of a request, which minecs supports for ECS services
// only (ValidationException otherwise); the ScalableDimension may be optional.
void check_namespace(const json& input, bool dimension_required);
// A ResourceId service/<cluster>/<service>; ValidationException when it is not of that form.
struct service_id {
  std::string cluster;
  std::string service;
};
service_id parse_resource_id(const std::string& resource_id);

// Inside a transaction: the registered target, or ObjectNotFoundException as AWS words it.
store::scalable_target require_target(api::request_context& ctx, const std::string& resource_id);

// The service-linked role ECS scaling uses when RegisterScalableTarget names none.
std::string default_role_arn(const api::request_context& ctx);

// Paging by position: NextToken is the index of the next item. InvalidNextTokenException when
// the token does not decode.
struct page_bounds {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string next_token;  // empty on the last page
};
page_bounds page_of(const json& input, std::size_t total, long long default_size = 50);

json render_target(const store::scalable_target& t);
json render_policy(const scope& where, const store::scaling_policy& p);
json render_scheduled_action(const store::scheduled_action& a);
json render_activity(const store::scaling_activity& a);

// What api::member_or falls back to for an absent list.
inline const json& no_items() {
  static const json empty = json::array();
  return empty;
}

}  // namespace minecs::autoscaling
