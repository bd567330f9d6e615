#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "minecs/api/handler.hpp"
#include "minecs/core/json.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/log_events.hpp"
#include "minecs/store/log_groups.hpp"
#include "minecs/store/log_streams.hpp"
#include "minecs/store/tags.hpp"

// Helpers shared by the CloudWatch Logs handlers of this directory.
namespace minecs::logs {

// Page sizes CloudWatch Logs uses when a request sets no limit: 10,000 events for
// GetLogEvents and FilterLogEvents, 50 groups or streams for the Describe calls.
constexpr std::int64_t default_event_limit = 10'000;
constexpr int default_describe_limit = 50;
// CloudWatch Logs returns at most 1 MB of events per call, whatever the limit.
constexpr std::size_t max_events_response_bytes = 1'048'576;

// Registration, one per source file; register_handlers calls them all.
void add_log_group_handlers(api::handler_table& table);
void add_retention_handlers(api::handler_table& table);
void add_log_stream_handlers(api::handler_table& table);
void add_put_log_events_handler(api::handler_table& table);
void add_get_log_events_handler(api::handler_table& table);
void add_filter_log_events_handler(api::handler_table& table);
void add_tag_handlers(api::handler_table& table);

// CloudWatch Logs speaks milliseconds since the epoch.
std::int64_t now_ms(const api::request_context& ctx);

inline service_error resource_not_found(const std::string& message) {
  return {"ResourceNotFoundException", message};
}
inline service_error group_not_found() {
  return resource_not_found("The specified log group does not exist.");
}
inline service_error stream_not_found() {
  return resource_not_found("The specified log stream does not exist.");
}
inline service_error already_exists(const std::string& message) {
  return {"ResourceAlreadyExistsException", message};
}

// arn:aws:logs:<region>:<account>:log-group:<name> (TagResource's form; DescribeLogGroups's
// `arn` adds ":*").
std::string log_group_arn(const scope& s, const std::string& name);
std::string log_stream_arn(const scope& s, const std::string& group, const std::string& stream);
// The group name of a log group ARN of this request's region and account (with or without the
// trailing ":*"). InvalidParameterException for anything else.
std::string group_name_from_arn(const api::request_context& ctx, const std::string& arn);

// The group a read names through logGroupName or logGroupIdentifier (a name or an ARN): exactly
// one of them, as CloudWatch Logs requires.
std::string group_name_from_input(const api::request_context& ctx, const json& input);

// Inside a transaction: the group, or ResourceNotFoundException.
store::log_group require_group(api::request_context& ctx, const std::string& name);

// The wire shapes, rendered in one place (render.cpp).
json render_log_group(const scope& s, const store::log_group& g);
json render_log_stream(const scope& s, const std::string& group, const store::log_stream& st);
json render_output_event(const store::log_event& e);
json render_filtered_event(const store::log_event& e);
std::string sequence_token(std::int64_t upload_sequence);
// {"key": "value"} tags, as CloudWatch Logs writes them (a map, unlike ECS's list).
json render_tag_map(const std::vector<store::tag>& tags);

// Tags of a {"key": "value"} request member (tagging.cpp); aws: keys are reserved.
std::vector<store::tag> tags_from_map(const json& input, const char* member);
// Inside a write: adds tags to a group, at most 50 in all (TooManyTagsException beyond, the
// error TagResource documents; TagLogGroup answers InvalidParameterException).
void add_group_tags(api::request_context& ctx, const std::string& group_arn,
                    const std::vector<store::tag>& tags, const char* too_many_code);

// The oldest timestamp the group still keeps, or 0 without a retention policy.
std::int64_t retention_cutoff_ms(const store::log_group& g, std::int64_t now_ms);

}  // namespace minecs::logs
