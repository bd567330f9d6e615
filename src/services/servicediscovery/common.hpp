#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/json.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/services/servicediscovery.hpp"
#include "minecs/store/cloudmap_records.hpp"

// Helpers shared by the Cloud Map handlers of this directory.
namespace minecs::servicediscovery {

// Registration, one per source file; register_handlers calls them all.
void add_namespace_handlers(api::handler_table& table, const options& opts);
void add_service_handlers(api::handler_table& table, const options& opts);
void add_instance_handlers(api::handler_table& table, const options& opts);
void add_discovery_handlers(api::handler_table& table);
void add_operation_handlers(api::handler_table& table, const options& opts);
void add_tag_handlers(api::handler_table& table);

inline service_error invalid_input(const std::string& message) {
  return {"InvalidInput", message};
}
inline service_error namespace_not_found(const std::string& id) {
  return {"NamespaceNotFound", "Namespace not found: " + id};
}
inline service_error service_not_found(const std::string& id) {
  return {"ServiceNotFound", "Service not found: " + id};
}
inline service_error instance_not_found(const std::string& id) {
  return {"InstanceNotFound", "Instance not found: " + id};
}

// A Cloud Map id: the prefix (ns-, srv-) and 16 lowercase letters and digits.
std::string new_id(api::request_context& ctx, const char* prefix);
std::string namespace_arn(const scope& s, const std::string& id);
std::string service_arn(const scope& s, const std::string& id);
// An id, or the ARN that ends with it (the calls that name a namespace or service take either).
std::string id_of(const std::string& id_or_arn);

// Inside a transaction: the namespace or service of this region, or NamespaceNotFound /
// ServiceNotFound.
store::cloudmap_namespace namespace_of(api::request_context& ctx, const std::string& id_or_arn);
store::cloudmap_service service_of(api::request_context& ctx, const std::string& id_or_arn);

// Inside a write: records an operation of `type` on `targets` ending as `outcome` after
// opts.operation_seconds; answers its id.
std::string record_operation(
    api::request_context& ctx, const options& opts, const std::string& type,
    const std::map<std::string, std::string>& targets,
    store::cloudmap_operation_status outcome = store::cloudmap_operation_status::success,
    const std::string& error_code = {}, const std::string& error_message = {});
// What the operation reports at `now`.
store::cloudmap_operation_status status_at(const store::cloudmap_operation& o, double now);

// The request's Tags [{Key, Value}], put on `arn` (TooManyTagsException over 50).
void tag_new_resource(api::request_context& ctx, const std::string& arn, const json& input);

// Paging: NextToken is the position of the next page in the listing; one of another listing or
// that does not decode is InvalidInput.
std::size_t page_start(const json& input, const char* listing);
std::string page_token(const char* listing, std::size_t next);
std::size_t page_size(const json& input, std::size_t fallback);

// One Filters entry {Name, Values, Condition} of a List* call.
struct filter {
  std::string name;
  std::vector<std::string> values;
  std::string condition;  // EQ, IN, BETWEEN, BEGINS_WITH
};
std::vector<filter> read_filters(const json& input);

// The wire shapes (render.cpp).
json render_namespace(const store::cloudmap_namespace& n, long service_count);
json render_service(const store::cloudmap_service& s, long instance_count);
json render_dns_config(const store::cloudmap_service& s);
json render_operation(const store::cloudmap_operation& o, double now);
json render_attributes(const std::map<std::string, std::string>& attributes);

// The health DiscoverInstances and GetInstancesHealthStatus report for an instance: its custom
// status, HEALTHY for a Route 53 check (minecs runs none), UNKNOWN without any health check.
std::string health_of(const store::cloudmap_service& s, const store::cloudmap_instance& i);

}  // namespace minecs::servicediscovery
