// The Query and EC2 protocols' view of the models: protocol, version, namespace, the wire names
// of each use of a shape (botocore's serialization: the reference's traits over the shape's), and
// the error codes validation answers in each protocol.
#include <gtest/gtest.h>

#include "minecs/core/service_error.hpp"
#include "minecs/model/api_model.hpp"

namespace minecs::model {
namespace {

const shape_member& member_of(const shape& s, std::string_view name) {
  for (const auto& member : s.members) {
    if (member.name == name) {
      return member;
    }
  }
  ADD_FAILURE() << "no member " << name;
  return s.members.at(0);
}

const shape& input_of(const api_model& m, std::string_view operation) {
  return m.shape_at(m.operation(operation)->input.shape);
}

std::string code_of(const api_model& m, std::string_view operation, const json& input) {
  try {
    m.validate_input(operation, input);
  } catch (const service_error& e) {
    return e.code();
  }
  return "accepted";
}

TEST(WireNames, ProtocolsAndMetadata) {
  EXPECT_EQ(api_model::ecs()->protocol(), wire_protocol::json);
  EXPECT_EQ(api_model::logs()->protocol(), wire_protocol::json);
  const auto& sts = *api_model::sts();
  EXPECT_EQ(sts.protocol(), wire_protocol::query);
  EXPECT_EQ(sts.api_version(), "2011-06-15");
  EXPECT_EQ(sts.signing_name(), "sts");
  EXPECT_EQ(sts.xml_namespace(), "https://sts.amazonaws.com/doc/2011-06-15/");
  const auto& ec2 = *api_model::ec2();
  EXPECT_EQ(ec2.protocol(), wire_protocol::ec2);
  EXPECT_EQ(ec2.api_version(), "2016-11-15");
  EXPECT_EQ(ec2.signing_name(), "ec2");
  EXPECT_EQ(ec2.service_id(), "EC2");
  EXPECT_EQ(ec2.xml_namespace(), "http://ec2.amazonaws.com/doc/2016-11-15/");
  EXPECT_GE(ec2.operation_names().size(), 700u);
}

TEST(WireNames, OperationsKeepTheirResultWrapper) {
  const auto& sts = *api_model::sts();
  const auto* op = sts.operation("GetCallerIdentity");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->result_wrapper, "GetCallerIdentityResult");
  ASSERT_GE(op->output.shape, 0);
  EXPECT_EQ(member_of(sts.shape_at(op->output.shape), "Arn").ref.location_name, "");
  EXPECT_EQ(sts.operation("NoSuchOperation"), nullptr);
  EXPECT_EQ(api_model::ec2()->operation("DescribeVpcs")->result_wrapper, "");
}

TEST(WireNames, Ec2MembersAndListItems) {
  const auto& ec2 = *api_model::ec2();
  const auto& in = input_of(ec2, "DescribeVpcs");
  EXPECT_EQ(member_of(in, "Filters").ref.location_name, "Filter");
  EXPECT_EQ(member_of(in, "VpcIds").ref.location_name, "VpcId");
  EXPECT_EQ(member_of(in, "MaxResults").ref.location_name, "");
  const auto& out = ec2.shape_at(ec2.operation("DescribeVpcs")->output.shape);
  const auto& vpcs = member_of(out, "Vpcs");
  EXPECT_EQ(vpcs.ref.location_name, "vpcSet");
  const auto& list = ec2.shape_at(vpcs.ref.shape);
  EXPECT_EQ(list.type, shape_kind::list);
  EXPECT_EQ(list.member.location_name, "item");
  EXPECT_EQ(ec2.shape_at(list.member.shape).type, shape_kind::structure);
}

TEST(WireNames, Ec2QueryNameBeforeLocationName) {
  const auto& ec2 = *api_model::ec2();
  const auto& in = input_of(ec2, "RunInstances");
  const auto& interfaces = ec2.shape_at(member_of(in, "NetworkInterfaces").ref.shape);
  const auto& spec = ec2.shape_at(interfaces.member.shape);
  const auto& addresses = member_of(spec, "Ipv6Addresses").ref;
  EXPECT_EQ(addresses.query_name, "Ipv6Addresses");
  EXPECT_EQ(addresses.location_name, "ipv6AddressesSet");
}

TEST(WireNames, AReferenceInheritsTheShapesTraitsAndOverridesThem) {
  auto m = api_model::parse(R"({
    "metadata": {"protocol": "query", "apiVersion": "2020-01-01", "endpointPrefix": "thing",
                 "xmlNamespace": "https://thing/doc"},
    "operations": {"Op": {"name": "Op", "input": {"shape": "In"}}},
    "shapes": {
      "In": {"type": "structure", "members": {
        "Plain": {"shape": "Names"},
        "Renamed": {"shape": "Names", "locationName": "Other", "flattened": false},
        "When": {"shape": "Stamp", "timestampFormat": "unixTimestamp"}}},
      "Names": {"type": "list", "flattened": true, "locationName": "Item",
                "member": {"shape": "Str", "locationName": "name"}},
      "Stamp": {"type": "timestamp"},
      "Str": {"type": "string"}}})");
  EXPECT_EQ(m->protocol(), wire_protocol::query);
  EXPECT_EQ(m->signing_name(), "thing");
  EXPECT_EQ(m->xml_namespace(), "https://thing/doc/");
  const auto& in = input_of(*m, "Op");
  const auto& plain = member_of(in, "Plain").ref;
  EXPECT_TRUE(plain.flattened);
  EXPECT_EQ(plain.location_name, "Item");
  const auto& renamed = member_of(in, "Renamed").ref;
  EXPECT_FALSE(renamed.flattened);
  EXPECT_EQ(renamed.location_name, "Other");
  EXPECT_EQ(member_of(in, "When").ref.timestamp_format, "unixTimestamp");
  EXPECT_EQ(m->shape_at(plain.shape).member.location_name, "name");
}

TEST(WireNames, ProtocolsListWinsOverProtocol) {
  auto m = api_model::parse(R"({"metadata": {"protocol": "query", "protocols": ["ec2", "query"]},
                                "operations": {}, "shapes": {}})");
  EXPECT_EQ(m->protocol(), wire_protocol::ec2);
}

TEST(WireNames, ValidationAnswersEachProtocolsCodes) {
  // A required member missing, a value out of range, an enum value not allowed.
  EXPECT_EQ(code_of(*api_model::ec2(), "DeleteVpc", json::object()), "MissingParameter");
  EXPECT_EQ(code_of(*api_model::ec2(), "DescribeVpcs", {{"MaxResults", 1}}),
            "InvalidParameterValue");
  EXPECT_EQ(code_of(*api_model::ec2(), "DescribeVpcs", {{"MaxResults", "x"}}),
            "InvalidParameterValue");
  EXPECT_EQ(code_of(*api_model::ec2(), "CreateVpc", {{"InstanceTenancy", "shared-ish"}}),
            "InvalidParameterValue");
  EXPECT_EQ(code_of(*api_model::ec2(), "DescribeVpcs", {{"MaxResults", 5}}), "accepted");
  EXPECT_EQ(code_of(*api_model::sts(), "AssumeRole", {{"RoleArn", "arn:aws:iam::1:role/r"}}),
            "ValidationError");
  EXPECT_EQ(code_of(*api_model::sts(), "AssumeRole",
                    {{"RoleArn", "arn:aws:iam::123456789012:role/r"}, {"RoleSessionName", "s"}}),
            "ValidationError");
  EXPECT_EQ(code_of(*api_model::sts(), "GetCallerIdentity", json::object()), "accepted");
  EXPECT_EQ(api_model::ec2()->input_errors().unknown_parameter, "UnknownParameter");
  EXPECT_EQ(api_model::sts()->input_errors().unknown_parameter, "");
  EXPECT_EQ(code_of(*api_model::ecs(), "CreateCluster", {{"clusterName", 5}}),
            "SerializationException");
}

}  // namespace
}  // namespace minecs::model
