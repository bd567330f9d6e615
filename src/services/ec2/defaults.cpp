// Every region of the account has, from its first EC2 request on, a default VPC with a default
// subnet in each availability zone, as an AWS account does: made here, once, in one write.
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <utility>

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

// The regions known to have their defaults, by database lineage. Every EC2 request checks its
// region first; once the defaults exist only a wipe removes them (and changes the lineage), so
// the check costs a store read only until a region's first request has seen them.
class prepared_regions {
 public:
  bool contains(const store::database& db, const std::string& region) {
    std::lock_guard lock(mutex_);
    return known_.contains({db.lineage(), region});
  }
  void add(const store::database& db, const std::string& region) {
    std::lock_guard lock(mutex_);
    known_.emplace(db.lineage(), region);
  }

 private:
  std::mutex mutex_;
  std::set<std::pair<std::uint64_t, std::string>> known_;
};

prepared_regions& known_prepared() {
  static prepared_regions known;
  return known;
}

// Inside a transaction. Only a read may remember what it found: a write could have made the
// defaults itself and still roll back.
bool region_prepared(api::request_context& ctx, bool in_read) {
  if (known_prepared().contains(ctx.db, ctx.scope.region)) {
    return true;
  }
  if (!store::find_ec2<store::ec2_region>(ctx.db, ctx.scope.region, ctx.scope.region)) {
    return false;
  }
  if (in_read) {
    known_prepared().add(ctx.db, ctx.scope.region);
  }
  return true;
}

}  // namespace

void prepare_region(api::request_context& ctx) {
  // Asked outside any transaction first: a remembered region costs no read at all.
  if (known_prepared().contains(ctx.db, ctx.scope.region) ||
      ctx.db.read([&] { return region_prepared(ctx, true); })) {
    return;
  }
  ctx.db.write([&] {
    // Another request may have made them since the read.
    if (!region_prepared(ctx, false)) {
      make_region_defaults(ctx);
    }
  });
}

void prepare_region_in_write(api::request_context& ctx) {
  if (!region_prepared(ctx, false)) {
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
