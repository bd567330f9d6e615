#include "common.hpp"

#include <cmath>

#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"

namespace minecs::logs {

std::int64_t now_ms(const api::request_context& ctx) {
  return static_cast<std::int64_t>(std::floor(ctx.clock.now() * 1000.0));
}

std::string log_group_arn(const scope& s, const std::string& name) {
  return make_arn(s, "logs", "log-group:" + name);
}

std::string log_stream_arn(const scope& s, const std::string& group, const std::string& stream) {
  return make_arn(s, "logs", "log-group:" + group + ":log-stream:" + stream);
}

std::string group_name_from_arn(const api::request_context& ctx, const std::string& text) {
  auto arn = parse_arn(text);
  if (!arn || arn->service != "logs" || arn->resource_type != "log-group" ||
      arn->resource.empty()) {
    throw invalid_parameter("The ARN " + text + " is not a valid log group ARN.");
  }
  std::string name = arn->resource;
  if (name.ends_with(":*")) {
    name.resize(name.size() - 2);
  }
  if (name.empty() || name.find(':') != std::string::npos) {
    throw invalid_parameter("The ARN " + text + " is not a valid log group ARN.");
  }
  if (arn->region != ctx.scope.region || arn->account != ctx.scope.account) {
    // Another region or account is another service endpoint: nothing of it exists here.
    throw group_not_found();
  }
  return name;
}

std::string group_name_from_input(const api::request_context& ctx, const json& input) {
  bool by_name = api::has(input, "logGroupName");
  bool by_identifier = api::has(input, "logGroupIdentifier");
  if (by_name == by_identifier) {
    throw invalid_parameter(
        "Exactly one of logGroupName and logGroupIdentifier must be specified.");
  }
  if (by_name) {
    return api::str(input, "logGroupName");
  }
  auto identifier = api::str(input, "logGroupIdentifier");
  return identifier.starts_with("arn:") ? group_name_from_arn(ctx, identifier) : identifier;
}

store::log_group require_group(api::request_context& ctx, const std::string& name) {
  auto g = store::find_log_group(ctx.db, ctx.scope.region, name);
  if (!g) {
    throw group_not_found();
  }
  return *g;
}

std::int64_t retention_cutoff_ms(const store::log_group& g, std::int64_t now_ms) {
  if (!g.retention_days) {
    return 0;
  }
  return std::max<std::int64_t>(0, now_ms - std::int64_t{*g.retention_days} * 86'400'000);
}

}  // namespace minecs::logs
