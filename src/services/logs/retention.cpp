#include <algorithm>
#include <array>

#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::logs {

namespace {

// The only periods CloudWatch Logs accepts.
constexpr std::array<int, 22> valid_days = {1,    3,    5,    7,    14,   30,  60,  90,
                                            120,  150,  180,  365,  400,  545, 731, 1096,
                                            1827, 2192, 2557, 2922, 3288, 3653};

json put_retention_policy(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "logGroupName");
  auto days = api::opt_int(input, "retentionInDays").value_or(0);
  if (std::find(valid_days.begin(), valid_days.end(), days) == valid_days.end()) {
    std::string allowed;
    for (int d : valid_days) {
      allowed += (allowed.empty() ? "" : ", ") + std::to_string(d);
    }
    throw invalid_parameter("1 validation error detected: Value '" + std::to_string(days) +
                            "' at 'retentionInDays' failed to satisfy constraint: Member must "
                            "satisfy enum value set: [" +
                            allowed + "]");
  }
  auto now = now_ms(ctx);
  ctx.db.write([&] {
    auto g = require_group(ctx, name);
    g.retention_days = static_cast<int>(days);
    store::set_log_group_retention(ctx.db, g.id, g.retention_days);
    store::purge_log_events_before(ctx.db, g.id, retention_cutoff_ms(g, now));
  });
  return json::object();
}

json delete_retention_policy(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "logGroupName");
  ctx.db.write([&] {
    auto g = require_group(ctx, name);
    store::set_log_group_retention(ctx.db, g.id, std::nullopt);
  });
  return json::object();
}

}  // namespace

void add_retention_handlers(api::handler_table& table) {
  table.add("PutRetentionPolicy", put_retention_policy);
  table.add("DeleteRetentionPolicy", delete_retention_policy);
}

}  // namespace minecs::logs
