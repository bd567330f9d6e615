// Internet gateways: CreateInternetGateway, AttachInternetGateway, DetachInternetGateway,
// DeleteInternetGateway and DescribeInternetGateways.
#include "describe.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

namespace {

using igw_record = store::ec2_internet_gateway;

json render_gateway(api::request_context& ctx, const igw_record& g,
                    const std::vector<store::tag>& tags) {
  json out{
      {"InternetGatewayId", g.id}, {"OwnerId", ctx.scope.account}, {"Attachments", json::array()}};
  if (!g.vpc_id.empty()) {
    // EC2 reports an attached gateway's attachment as "available".
    out["Attachments"].push_back({{"State", "available"}, {"VpcId", g.vpc_id}});
  }
  render_tags_into(out, tags);
  return out;
}

filter_fields gateway_fields(api::request_context& ctx, const igw_record& g) {
  bool attached = !g.vpc_id.empty();
  return {{"attachment.state",
           attached ? std::vector<std::string>{"available"} : std::vector<std::string>{}},
          {"attachment.vpc-id",
           attached ? std::vector<std::string>{g.vpc_id} : std::vector<std::string>{}},
          {"internet-gateway-id", {g.id}},
          {"owner-id", {ctx.scope.account}}};
}

const describe_spec<igw_record> gateway_listing{"DescribeInternetGateways", "InternetGatewayIds",
                                                "InternetGateways", gateway_fields, render_gateway};

json create_internet_gateway(api::request_context& ctx, const json& input) {
  auto tags = tags_from_specifications(input, "internet-gateway");
  return ctx.db.write([&] {
    igw_record g;
    g.id = new_id(ctx, "igw");
    g.region = ctx.scope.region;
    store::put_ec2(ctx.db, g);
    put_resource_tags(ctx, g.id, tags);
    return json{{"InternetGateway", render_gateway(ctx, g, tags)}};
  });
}

// Attach and Detach: `change` checks and changes the gateway a request names, given its VPC.
template <class Change>
json change_attachment(api::request_context& ctx, const json& input, Change change) {
  auto gateway_id = api::str(input, "InternetGatewayId");
  auto vpc_id = api::str(input, "VpcId");
  ctx.db.write([&] {
    auto g = require_record<igw_record>(ctx, gateway_id);
    auto vpc = require_record<store::ec2_vpc>(ctx, vpc_id);
    change(g, vpc);
    store::put_ec2(ctx.db, g);
  });
  return json::object();
}

json attach_internet_gateway(api::request_context& ctx, const json& input) {
  return change_attachment(ctx, input, [&](igw_record& g, const store::ec2_vpc& vpc) {
    if (!g.vpc_id.empty()) {
      throw ec2_error("Resource.AlreadyAssociated",
                      "resource " + g.id + " is already attached to network " + g.vpc_id);
    }
    if (!store::list_ec2<igw_record>(ctx.db, ctx.scope.region, vpc.id).empty()) {
      throw ec2_error("Resource.AlreadyAssociated",
                      "network " + vpc.id + " already has an internet gateway attached");
    }
    g.vpc_id = vpc.id;
  });
}

json detach_internet_gateway(api::request_context& ctx, const json& input) {
  return change_attachment(ctx, input, [](igw_record& g, const store::ec2_vpc& vpc) {
    if (g.vpc_id != vpc.id) {
      throw ec2_error("Gateway.NotAttached",
                      "resource " + g.id + " is not attached to network " + vpc.id);
    }
    g.vpc_id.clear();
  });
}

json delete_internet_gateway(api::request_context& ctx, const json& input) {
  auto gateway_id = api::str(input, "InternetGatewayId");
  ctx.db.write([&] {
    auto g = require_record<igw_record>(ctx, gateway_id);
    if (!g.vpc_id.empty()) {
      throw dependency_violation("The internetGateway '" + g.id +
                                 "' has dependencies and cannot be deleted.");
    }
    delete_resource(ctx, g.id);
  });
  return json::object();
}

json describe_internet_gateways(api::request_context& ctx, const json& input) {
  return describe_records(ctx, input, gateway_listing);
}

}  // namespace

void add_gateway_handlers(api::handler_table& table) {
  add_handler(table, "CreateInternetGateway", create_internet_gateway);
  add_handler(table, "AttachInternetGateway", attach_internet_gateway);
  add_handler(table, "DetachInternetGateway", detach_internet_gateway);
  add_handler(table, "DeleteInternetGateway", delete_internet_gateway);
  add_handler(table, "DescribeInternetGateways", describe_internet_gateways);
}

}  // namespace minecs::ec2
