// register_handlers, and the wrapper every EC2 operation runs in.
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "minecs/services/ec2.hpp"

namespace minecs::ec2 {

void add_handler(api::handler_table& table, const std::string& operation, handler_fn fn) {
  table.add(operation, [fn](api::request_context& ctx, const json& input) {
    prepare_region(ctx);
    if (api::boolean(input, "DryRun")) {
      throw service_error("DryRunOperation",
                          "Request would have succeeded, but DryRun flag is set.", 412);
    }
    auto out = fn(ctx, input);
    // Every EC2 call that takes a ClientToken answers it back; where the operation's output has no
    // such member, the XML encoder, which writes only the model's members, leaves it out.
    if (auto token = api::opt_str(input, "ClientToken"); token && out.is_object()) {
      out["ClientToken"] = *token;
    }
    return out;
  });
}

void register_handlers(api::handler_table& table) {
  add_zone_handlers(table);
  add_vpc_handlers(table);
  add_subnet_handlers(table);
  add_security_group_handlers(table);
  add_rule_handlers(table);
  add_tag_handlers(table);
  add_account_handlers(table);
  add_gateway_handlers(table);
  add_route_table_handlers(table);
  add_network_interface_handlers(table);
  add_vpc_endpoint_handlers(table);
  add_endpoint_service_handlers(table);
  add_address_handlers(table);
  add_nat_gateway_handlers(table);
}

}  // namespace minecs::ec2
