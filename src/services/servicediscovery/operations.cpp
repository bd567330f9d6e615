// GetOperation and ListOperations: the asynchronous side of the mutating calls.
#include <algorithm>

#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::servicediscovery {

namespace {

json get_operation(api::request_context& ctx, const json& input) {
  auto id = api::str(input, "OperationId");
  return ctx.db.read([&] {
    auto o = store::find_cloudmap_operation(ctx.db, id);
    if (!o || o->region != ctx.scope.region) {
      throw service_error("OperationNotFound", "Operation not found: " + id);
    }
    return json{{"Operation", render_operation(*o, ctx.clock.now())}};
  });
}

bool matches(const store::cloudmap_operation& o, const filter& f, double now) {
  if (f.name == "UPDATE_DATE") {
    if (f.condition != "BETWEEN" || f.values.size() != 2) {
      throw invalid_input("The UPDATE_DATE filter takes BETWEEN and two dates.");
    }
    double from = 0, to = 0;
    try {
      from = std::stod(f.values[0]);
      to = std::stod(f.values[1]);
    } catch (const std::exception&) {
      throw invalid_input("The UPDATE_DATE filter takes dates in seconds since the epoch.");
    }
    auto updated = status_at(o, now) == o.outcome ? o.done : o.created;
    return updated >= from && updated <= to;
  }
  if (f.condition != "EQ" && f.condition != "IN") {
    throw invalid_input("The " + f.name + " filter takes EQ or IN.");
  }
  if (f.condition == "EQ" && f.values.size() != 1) {
    throw invalid_input("The EQ condition takes exactly one value.");
  }
  std::string value;
  if (f.name == "NAMESPACE_ID" || f.name == "SERVICE_ID") {
    auto key = f.name == "NAMESPACE_ID" ? "NAMESPACE" : "SERVICE";
    value = o.targets.count(key) > 0 ? o.targets.at(key) : "";
  } else if (f.name == "STATUS") {
    value = json(status_at(o, now)).get<std::string>();
  } else if (f.name == "TYPE") {
    value = o.type;
  } else {
    throw invalid_input("Unknown operation filter name: " + f.name);
  }
  return std::find(f.values.begin(), f.values.end(), value) != f.values.end();
}

json list_operations(api::request_context& ctx, const json& input) {
  auto filters = read_filters(input);
  auto start = page_start(input, "ListOperations");
  auto size = page_size(input, 100);
  auto now = ctx.clock.now();
  return ctx.db.read([&] {
    std::vector<store::cloudmap_operation> chosen;
    for (const auto& o : store::list_cloudmap_operations(ctx.db, ctx.scope.region)) {
      if (std::all_of(filters.begin(), filters.end(),
                      [&](const auto& f) { return matches(o, f, now); })) {
        chosen.push_back(o);
      }
    }
    json list = json::array();
    for (std::size_t i = start; i < chosen.size() && i < start + size; ++i) {
      list.push_back({{"Id", chosen[i].id}, {"Status", status_at(chosen[i], now)}});
    }
    json out = {{"Operations", list}};
    if (start + size < chosen.size()) {
      out["NextToken"] = page_token("ListOperations", start + size);
    }
    return out;
  });
}

}  // namespace

void add_operation_handlers(api::handler_table& table, const options&) {
  table.add("GetOperation", get_operation);
  table.add("ListOperations", list_operations);
}

}  // namespace minecs::servicediscovery
