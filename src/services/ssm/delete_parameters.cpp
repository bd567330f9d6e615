#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::ssm {

namespace {

// Inside a write: the parameter and its tags; false when there was none.
bool remove(api::request_context& ctx, parameter_reference& ref) {
  if (!find_parameter(ctx, ref)) {
    return false;
  }
  store::delete_ssm_parameter(ctx.db, ctx.scope.region, ref.name);
  store::drop_tags(ctx.db, parameter_arn(ctx.scope, ref.name));
  return true;
}

json delete_parameter(api::request_context& ctx, const json& input) {
  auto ref = parse_reference(ctx, api::str(input, "Name"), false);
  ctx.db.write([&] {
    if (!remove(ctx, ref)) {
      throw parameter_not_found(ref.name);
    }
  });
  return json::object();
}

json delete_parameters(api::request_context& ctx, const json& input) {
  auto names = api::str_list(input, "Names");
  return ctx.db.write([&] {
    json out{{"DeletedParameters", json::array()}, {"InvalidParameters", json::array()}};
    for (const auto& text : names) {
      auto ref = parse_reference(ctx, text, false);
      out[remove(ctx, ref) ? "DeletedParameters" : "InvalidParameters"].push_back(text);
    }
    return out;
  });
}

}  // namespace

void add_delete_handlers(api::handler_table& table) {
  table.add("DeleteParameter", delete_parameter);
  table.add("DeleteParameters", delete_parameters);
}

}  // namespace minecs::ssm
