// Every region of the account has, from its first EC2 request on, a default VPC with a default
// subnet in each availability zone, as an AWS account does: made here, once, in one write.
#include "cidr.hpp"
#include "handlers.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

namespace {

constexpr const char* default_vpc_block = "172.31.0.0/16";
constexpr int default_subnet_prefix = 20;

void make_region_defaults(api::request_context& ctx) {
  store::ec2_region marker;
  marker.id = ctx.scope.region;
  marker.region = ctx.scope.region;
  marker.dhcp_options_id = new_id(ctx, "dopt");
  store::put_ec2(ctx.db, marker);

  auto block = parse_ipv4_subnet(default_vpc_block).value();
  auto vpc = create_vpc_record(ctx, block, true, {});
  auto zones = zones_of(ctx.scope.region);
  for (std::size_t i = 0; i < zones.size(); ++i) {
    auto zone_block = nth_block(block, default_subnet_prefix, static_cast<int>(i));
    create_subnet_record(ctx, vpc, zone_block, zones[i], true, {});
  }
  store::ec2_internet_gateway gateway;
  gateway.id = new_id(ctx, "igw");
  gateway.region = ctx.scope.region;
  gateway.vpc_id = vpc.id;
  store::put_ec2(ctx.db, gateway);
  add_gateway_route(ctx, vpc.id, "0.0.0.0/0", gateway.id);
}

bool region_prepared(api::request_context& ctx) {
  return store::find_ec2<store::ec2_region>(ctx.db, ctx.scope.region, ctx.scope.region).has_value();
}

}  // namespace

void prepare_region(api::request_context& ctx) {
  if (ctx.db.read([&] { return region_prepared(ctx); })) {
    return;
  }
  ctx.db.write([&] {
    // Another request may have made them since the read.
    if (!region_prepared(ctx)) {
      make_region_defaults(ctx);
    }
  });
}

void prepare_region_in_write(api::request_context& ctx) {
  if (!region_prepared(ctx)) {
    make_region_defaults(ctx);
  }
}

std::optional<store::ec2_vpc> default_vpc(api::request_context& ctx) {
  for (auto& vpc : store::list_ec2<store::ec2_vpc>(ctx.db, ctx.scope.region)) {
    if (vpc.is_default) {
      return vpc;
    }
  }
  return std::nullopt;
}

std::string region_dhcp_options_id(api::request_context& ctx) {
  auto marker = store::find_ec2<store::ec2_region>(ctx.db, ctx.scope.region, ctx.scope.region);
  return marker ? marker->dhcp_options_id : std::string();
}

}  // namespace minecs::ec2
