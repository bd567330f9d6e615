// Security groups: CreateSecurityGroup, DeleteSecurityGroup and DescribeSecurityGroups.
#include <algorithm>

#include "describe.hpp"
#include "handlers.hpp"
#include "interfaces.hpp"
#include "minecs/api/input.hpp"
#include "permissions.hpp"
#include "security_groups.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

namespace {

constexpr std::size_t max_group_text = 255;

std::vector<sg_rule> rules_of(api::request_context& ctx, const std::string& group_id,
                              bool is_egress) {
  std::vector<sg_rule> out;
  for (auto& r : store::list_ec2<sg_rule>(ctx.db, ctx.scope.region, group_id)) {
    if (r.is_egress == is_egress) {
      out.push_back(std::move(r));
    }
  }
  return out;
}

json render_group(api::request_context& ctx, const store::ec2_security_group& group,
                  const std::vector<store::tag>& tags) {
  json out{{"GroupId", group.id},
           {"GroupName", group.name},
           {"Description", group.description},
           {"VpcId", group.vpc_id},
           {"OwnerId", ctx.scope.account},
           {"SecurityGroupArn", ec2_arn(ctx.scope, "security-group", group.id)},
           {"IpPermissions", render_ip_permissions(ctx, rules_of(ctx, group.id, false))},
           {"IpPermissionsEgress", render_ip_permissions(ctx, rules_of(ctx, group.id, true))}};
  render_tags_into(out, tags);
  return out;
}

filter_fields group_fields(api::request_context& ctx, const store::ec2_security_group& group) {
  filter_fields fields{{"description", {group.description}},
                       {"group-id", {group.id}},
                       {"group-name", {group.name}},
                       {"owner-id", {ctx.scope.account}},
                       {"vpc-id", {group.vpc_id}}};
  add_permission_fields(ctx, fields, "ip-permission.", rules_of(ctx, group.id, false));
  add_permission_fields(ctx, fields, "egress.ip-permission.", rules_of(ctx, group.id, true));
  return fields;
}

const describe_spec<store::ec2_security_group> group_listing{
    "DescribeSecurityGroups", "GroupIds", "SecurityGroups", group_fields, render_group};

store::ec2_vpc vpc_for_new_group(api::request_context& ctx, const json& input) {
  if (auto id = api::opt_str(input, "VpcId")) {
    return require_record<store::ec2_vpc>(ctx, *id);
  }
  auto vpc = default_vpc(ctx);
  if (!vpc) {
    throw ec2_error("VPCIdNotSpecified", "No default VPC for this user");
  }
  return *vpc;
}

json create_security_group(api::request_context& ctx, const json& input) {
  auto name = api::opt_str(input, "GroupName");
  if (!name) {
    throw missing_parameter("GroupName");
  }
  auto description = api::opt_str(input, "Description");
  if (!description) {
    throw missing_parameter("GroupDescription");
  }
  if (name->empty() || name->size() > max_group_text || description->size() > max_group_text) {
    throw invalid_parameter_value(
        "Group names and descriptions must be between 1 and 255 characters long.");
  }
  if (name->starts_with("sg-")) {
    throw invalid_parameter_value("Group names may not be in the format sg-*");
  }
  auto tags = tags_from_specifications(input, "security-group");
  return ctx.db.write([&] {
    auto vpc = vpc_for_new_group(ctx, input);
    if (find_group_by_name(ctx, vpc.id, *name)) {
      throw ec2_error("InvalidGroup.Duplicate",
                      "The security group '" + *name + "' already exists for VPC '" + vpc.id + "'");
    }
    auto group = create_group_record(ctx, vpc.id, *name, *description, tags);
    json out{{"GroupId", group.id},
             {"SecurityGroupArn", ec2_arn(ctx.scope, "security-group", group.id)}};
    render_tags_into(out, tags);
    return out;
  });
}

json delete_security_group(api::request_context& ctx, const json& input) {
  auto id = api::opt_str(input, "GroupId");
  auto name = api::opt_str(input, "GroupName");
  if (!id && !name) {
    throw missing_parameter("groupName or groupId");
  }
  return ctx.db.write([&] {
    auto group =
        id ? require_record<store::ec2_security_group>(ctx, *id) : group_in_default_vpc(ctx, *name);
    if (group.name == "default") {
      throw ec2_error("CannotDelete", "the specified group: \"" + group.id +
                                          "\" name: \"default\" cannot be deleted by a user");
    }
    for (const auto& r : store::list_ec2<sg_rule>(ctx.db, ctx.scope.region)) {
      if (r.referenced_group_id == group.id && r.group_id != group.id) {
        throw dependency_violation("resource " + group.id + " has a dependent object");
      }
    }
    // An Interface endpoint's network interfaces hold its groups on EC2.
    if (group_has_endpoints(ctx, group)) {
      throw dependency_violation("resource " + group.id + " has a dependent object");
    }
    for (const auto& i : interfaces_in_use(ctx)) {
      const auto& groups = i.eni.security_groups;
      if (std::find(groups.begin(), groups.end(), group.id) != groups.end()) {
        throw dependency_violation("resource " + group.id + " has a dependent object");
      }
    }
    delete_group_record(ctx, group);
    return json{{"Return", true}, {"GroupId", group.id}};
  });
}

json describe_security_groups(api::request_context& ctx, const json& input) {
  auto ids = api::str_list(input, "GroupIds");
  auto names = api::str_list(input, "GroupNames");
  return describe_records(ctx, input, group_listing, [&] {
    if (names.empty()) {
      return records_named<store::ec2_security_group>(ctx, ids);
    }
    auto out = ids.empty() ? std::vector<store::ec2_security_group>{}
                           : records_named<store::ec2_security_group>(ctx, ids);
    for (const auto& name : names) {
      auto group = group_in_default_vpc(ctx, name);
      if (std::none_of(out.begin(), out.end(), [&](const auto& g) { return g.id == group.id; })) {
        out.push_back(std::move(group));
      }
    }
    return out;
  });
}

}  // namespace

std::optional<store::ec2_security_group> find_group_by_name(api::request_context& ctx,
                                                            const std::string& vpc_id,
                                                            const std::string& name) {
  for (auto& g : store::list_ec2<store::ec2_security_group>(ctx.db, ctx.scope.region, vpc_id)) {
    if (g.name == name) {
      return g;
    }
  }
  return std::nullopt;
}

store::ec2_security_group group_in_default_vpc(api::request_context& ctx, const std::string& name) {
  auto vpc = default_vpc(ctx);
  auto group = vpc ? find_group_by_name(ctx, vpc->id, name) : std::nullopt;
  if (!group) {
    throw ec2_error("InvalidGroup.NotFound", "The security group '" + name +
                                                 "' does not exist in default VPC '" +
                                                 (vpc ? vpc->id : std::string("none")) + "'");
  }
  return *group;
}

store::ec2_security_group group_of_request(api::request_context& ctx, const json& input) {
  if (auto id = api::opt_str(input, "GroupId")) {
    return require_record<store::ec2_security_group>(ctx, *id);
  }
  if (auto name = api::opt_str(input, "GroupName")) {
    return group_in_default_vpc(ctx, *name);
  }
  throw missing_parameter("groupId");
}

store::ec2_security_group create_group_record(api::request_context& ctx, const std::string& vpc_id,
                                              const std::string& name,
                                              const std::string& description,
                                              const std::vector<store::tag>& tags,
                                              const std::string& id) {
  store::ec2_security_group group;
  group.id = id.empty() ? new_id(ctx, "sg") : id;
  group.region = ctx.scope.region;
  group.vpc_id = vpc_id;
  group.name = name;
  group.description = description;
  store::put_ec2(ctx.db, group);
  put_resource_tags(ctx, group.id, tags);

  sg_rule egress;
  egress.id = new_id(ctx, "sgr");
  egress.region = ctx.scope.region;
  egress.group_id = group.id;
  egress.is_egress = true;
  egress.protocol = "-1";
  egress.cidr_ipv4 = "0.0.0.0/0";
  store::put_ec2(ctx.db, egress);
  if (name == "default") {
    sg_rule self = egress;
    self.id = new_id(ctx, "sgr");
    self.is_egress = false;
    self.cidr_ipv4.clear();
    self.referenced_group_id = group.id;
    store::put_ec2(ctx.db, self);
  }
  return group;
}

void delete_group_record(api::request_context& ctx, const store::ec2_security_group& group) {
  for (const auto& r : store::list_ec2<sg_rule>(ctx.db, ctx.scope.region, group.id)) {
    delete_resource(ctx, r.id);
  }
  delete_resource(ctx, group.id);
}

void add_security_group_handlers(api::handler_table& table) {
  add_handler(table, "CreateSecurityGroup", create_security_group);
  add_handler(table, "DeleteSecurityGroup", delete_security_group);
  add_handler(table, "DescribeSecurityGroups", describe_security_groups);
}

}  // namespace minecs::ec2
