// DescribeNetworkInterfaces: the interfaces ECS attached to awsvpc tasks, as EC2 shows a
// requester-managed interface.
#include <algorithm>
#include <set>

#include "filters.hpp"
#include "handlers.hpp"
#include "interfaces.hpp"
#include "minecs/api/input.hpp"
#include "paging.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

namespace {

struct interface_view {
  const task_interface& i;
  std::string zone;
  std::vector<std::pair<std::string, std::string>> groups;  // id, name
};

std::string attachment_id(const store::eni_attachment& eni) {
  return "eni-attach-" + eni.interface_id.substr(eni.interface_id.find('-') + 1);
}

interface_view view_of(api::request_context& ctx, const task_interface& i) {
  interface_view v{i, {}, {}};
  if (auto subnet = store::find_ec2<store::ec2_subnet>(ctx.db, ctx.scope.region, i.eni.subnet_id)) {
    v.zone = subnet->availability_zone;
  }
  for (const auto& id : i.eni.security_groups) {
    auto g = store::find_ec2<store::ec2_security_group>(ctx.db, ctx.scope.region, id);
    v.groups.emplace_back(id, g ? g->name : std::string());
  }
  return v;
}

std::string description(api::request_context& ctx, const task_interface& i) {
  // What ECS writes on the interfaces it makes: the attachment's ARN.
  return "arn:aws:ecs:" + ctx.scope.region + ":" + ctx.scope.account + ":attachment/" + i.eni.id;
}

json render(api::request_context& ctx, const interface_view& v,
            const std::vector<store::tag>& tags) {
  const auto& eni = v.i.eni;
  json groups = json::array();
  for (const auto& [id, name] : v.groups) {
    groups.push_back({{"GroupId", id}, {"GroupName", name}});
  }
  json out{{"NetworkInterfaceId", eni.interface_id},
           {"SubnetId", eni.subnet_id},
           {"VpcId", eni.vpc_id},
           {"AvailabilityZone", v.zone},
           {"Description", description(ctx, v.i)},
           {"Groups", groups},
           {"InterfaceType", "interface"},
           {"Ipv6Addresses", json::array()},
           {"MacAddress", eni.mac_address},
           {"OwnerId", ctx.scope.account},
           {"PrivateDnsName", eni.private_dns_name},
           {"PrivateIpAddress", eni.private_ipv4},
           {"PrivateIpAddresses", json::array({{{"Primary", true},
                                                {"PrivateDnsName", eni.private_dns_name},
                                                {"PrivateIpAddress", eni.private_ipv4}}})},
           {"RequesterManaged", true},
           {"SourceDestCheck", true},
           {"Status", "in-use"},
           {"Attachment",
            {{"AttachmentId", attachment_id(eni)},
             {"AttachTime", v.i.attached_at},
             {"DeleteOnTermination", false},
             {"DeviceIndex", 1},
             {"NetworkCardIndex", 0},
             {"Status", "attached"}}},
           {"TagSet", render_tags(tags)}};
  return out;
}

filter_fields fields_of(api::request_context& ctx, const interface_view& v) {
  const auto& eni = v.i.eni;
  std::vector<std::string> group_ids;
  std::vector<std::string> group_names;
  for (const auto& [id, name] : v.groups) {
    group_ids.push_back(id);
    group_names.push_back(name);
  }
  std::vector<std::string> ip{eni.private_ipv4};
  std::vector<std::string> dns{eni.private_dns_name};
  return {{"addresses.private-ip-address", ip},
          {"addresses.primary", {"true"}},
          {"attachment.attachment-id", {attachment_id(eni)}},
          {"attachment.device-index", {"1"}},
          {"attachment.status", {"attached"}},
          {"attachment.delete-on-termination", {"false"}},
          {"availability-zone", {v.zone}},
          {"description", {description(ctx, v.i)}},
          {"group-id", group_ids},
          {"group-name", group_names},
          {"interface-type", {"interface"}},
          {"mac-address", {eni.mac_address}},
          {"network-interface-id", {eni.interface_id}},
          {"owner-id", {ctx.scope.account}},
          {"private-dns-name", dns},
          {"private-ip-address", ip},
          {"requester-managed", {"true"}},
          {"source-dest-check", {"true"}},
          {"status", {"in-use"}},
          {"subnet-id", {eni.subnet_id}},
          {"vpc-id", {eni.vpc_id}}};
}

json describe_network_interfaces(api::request_context& ctx, const json& input) {
  auto filters = parse_filters(input);
  auto page = read_page_request(input, "DescribeNetworkInterfaces");
  auto ids = api::str_list(input, "NetworkInterfaceIds");
  return ctx.db.read([&] {
    task_interface none;
    check_filter_names(filters, fields_of(ctx, view_of(ctx, none)));
    auto interfaces = interfaces_in_use(ctx);
    for (const auto& id : ids) {
      if (std::none_of(interfaces.begin(), interfaces.end(),
                       [&](const auto& i) { return i.eni.interface_id == id; })) {
        throw ec2_error("InvalidNetworkInterfaceID.NotFound",
                        "The networkInterface ID '" + id + "' does not exist");
      }
    }
    std::set<std::string> wanted(ids.begin(), ids.end());
    std::vector<keyed_item> items;
    for (const auto& i : interfaces) {
      if (!wanted.empty() && !wanted.contains(i.eni.interface_id)) {
        continue;
      }
      auto v = view_of(ctx, i);
      auto tags = resource_tags(ctx, i.eni.interface_id);
      if (filters_match(filters, fields_of(ctx, v), tags)) {
        items.emplace_back(i.eni.interface_id, render(ctx, v, tags));
      }
    }
    json out = json::object();
    write_page(out, "NetworkInterfaces", std::move(items), page);
    return out;
  });
}

}  // namespace

std::vector<task_interface> interfaces_in_use(api::request_context& ctx) {
  std::vector<task_interface> out;
  for (const auto& t : store::tasks_not_stopped(ctx.db)) {
    if (t.region != ctx.scope.region || t.last_status == task_status::stopped) {
      continue;
    }
    for (const auto& a : t.attachments) {
      if (a.status == "ATTACHED" && !a.interface_id.empty()) {
        out.push_back({a, t.arn, t.connectivity_at > 0 ? t.connectivity_at : t.created_at});
      }
    }
  }
  return out;
}

void add_network_interface_handlers(api::handler_table& table) {
  add_handler(table, "DescribeNetworkInterfaces", describe_network_interfaces);
}

}  // namespace minecs::ec2
