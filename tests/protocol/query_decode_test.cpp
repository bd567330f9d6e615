// Query and EC2 parameters into JSON input, as botocore's serializers write them (the bodies of
// the *Botocore* tests are what botocore 1.43 sends for those calls).
#include <gtest/gtest.h>

#include "minecs/protocol/aws_query.hpp"
#include "query_test_models.hpp"

namespace minecs::protocol {
namespace {

json decoded(const model::api_model& m, std::string_view body,
             std::string_view operation = "PutThings") {
  return decode_query_input(m, operation, split_query_request(parse_form(body)).params);
}

service_error decode_failure(const model::api_model& m, std::string_view body) {
  try {
    decoded(m, body);
  } catch (const service_error& e) {
    return e;
  }
  ADD_FAILURE() << "decoded " << body;
  return {"none", "none"};
}

TEST(QueryDecode, Scalars) {
  auto in = decoded(test_models::query(),
                    "Name=n&Count=5&Big=9007199254740993&Ratio=0.5&Enabled=true"
                    "&When=2024-01-02T03%3A04%3A05Z&Epoch=1700000000&Data=aGk%3D&otherName=x"
                    "&Kind=small");
  EXPECT_EQ(in, (json{{"Name", "n"},
                      {"Count", 5},
                      {"Big", 9007199254740993LL},
                      {"Ratio", 0.5},
                      {"Enabled", true},
                      {"When", 1704164645.0},
                      {"Epoch", 1700000000.0},
                      {"Data", "aGk="},
                      {"Renamed", "x"},
                      {"Kind", "small"}}));
  EXPECT_EQ(decoded(test_models::query(), "Name=n&Enabled=FALSE&Count=-3")["Enabled"], false);
  EXPECT_EQ(decoded(test_models::query(), "Name=n&When=2024-01-02T03:04:05.250%2B01:00")["When"],
            1704164645.25 - 3600);
}

TEST(QueryDecode, ListsWrappedFlattenedAndEmpty) {
  auto in = decoded(test_models::query(),
                    "Name=n&Items.member.2=b&Items.member.1=a&Items.member.10=c&Named.Entry.1=x"
                    "&Flat.1=f1&Flat.2=f2&Flavour.1=v");
  EXPECT_EQ(in["Items"], (json{"a", "b", "c"}));
  EXPECT_EQ(in["Named"], (json{"x"}));
  EXPECT_EQ(in["Flat"], (json{"f1", "f2"}));
  EXPECT_EQ(in["FlatNamed"], (json{"v"}));
  EXPECT_EQ(decoded(test_models::query(), "Name=n&Items=")["Items"], json::array());
}

TEST(QueryDecode, MapsAndNestedStructures) {
  auto in = decoded(test_models::query(),
                    "Name=n&Attributes.entry.1.key=a&Attributes.entry.1.value=1"
                    "&Attributes.entry.2.key=b&Attributes.entry.2.value=2"
                    "&FlatMap.1.Name=k&FlatMap.1.Val=v"
                    "&Nested.key=k&Nested.value.member.1=v1"
                    "&Inners.item.1.key=a&Inners.item.2.value.member.1=z");
  EXPECT_EQ(in["Attributes"], (json{{"a", 1}, {"b", 2}}));
  EXPECT_EQ(in["FlatMap"], (json{{"k", "v"}}));
  EXPECT_EQ(in["Nested"], (json{{"Key", "k"}, {"Values", {"v1"}}}));
  EXPECT_EQ(in["Inners"], (json{{{"Key", "a"}}, {{"Values", {"z"}}}}));
}

TEST(QueryDecode, WrongTypesAreValidationErrors) {
  for (const char* body :
       {"Name=n&Count=abc", "Name=n&Count=5.5", "Name=n&Count=", "Name=n&Enabled=yes",
        "Name=n&When=yesterday", "Name=n&When=2024-02-30T00:00:00Z", "Name=n&Count.1=5",
        "Name=n&Nested=x", "Name=n&Items=x", "Name=n&Attributes=x", "Name=n&Ratio=1e",
        "Name=n&Big=99999999999999999999", "Name.x=1"}) {
    auto e = decode_failure(test_models::query(), body);
    EXPECT_EQ(e.code(), "ValidationError") << body << ": " << e.what();
    EXPECT_EQ(e.http_status(), 400u) << body;
  }
  auto e = decode_failure(test_models::query(), "Name=n&Count=abc");
  EXPECT_NE(std::string(e.what()).find("Count"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("'abc'"), std::string::npos) << e.what();
}

TEST(QueryDecode, QueryServicesIgnoreParametersTheyDoNotKnow) {
  auto in = decoded(test_models::query(),
                    "Name=n&Unknown=1&Items.member.0=a&Items.member.01=b&Nested.Other=x");
  EXPECT_EQ(in, (json{{"Name", "n"}, {"Nested", json::object()}}));
}

TEST(QueryDecode, ANameGivenTwiceIsMalformed) {
  auto e = decode_failure(test_models::query(), "Name=a&Name=b");
  EXPECT_EQ(e.code(), "MalformedQueryString");
  EXPECT_EQ(e.http_status(), 404u);
}

TEST(QueryDecode, NoInputShapeMeansAnEmptyInput) {
  EXPECT_EQ(decoded(test_models::query(), "", "Ping"), json::object());
  EXPECT_EQ(decoded(test_models::query(), "Anything=1", "Ping"), json::object());
  EXPECT_THROW(decoded(test_models::query(), "", "Nope"), service_error);
}

TEST(Ec2Decode, NamesAreCapitalizedAndListsHaveNoMemberWrapper) {
  auto in = decoded(test_models::ec2(),
                    "Name=n&OtherName=x&Items.1=a&Items.2=b&Flat.1=f&Inners.1.Key=k"
                    "&Inners.1.Value.1=v&Attributes.entry.1.key=a&Attributes.entry.1.value=7");
  EXPECT_EQ(in, (json{{"Name", "n"},
                      {"Renamed", "x"},
                      {"Items", {"a", "b"}},
                      {"Flat", {"f"}},
                      {"Inners", {{{"Key", "k"}, {"Values", {"v"}}}}},
                      {"Attributes", {{"a", 7}}}}));
}

TEST(Ec2Decode, UnknownParametersAndWrongTypes) {
  for (const char* body :
       {"Name=n&Foo=1", "Name=n&Items.member.1=a", "Name=n&otherName=x", "Name=n&Inners.1.key=k"}) {
    auto e = decode_failure(test_models::ec2(), body);
    EXPECT_EQ(e.code(), "UnknownParameter") << body << ": " << e.what();
  }
  auto e = decode_failure(test_models::ec2(), "Name=n&Foo=1");
  EXPECT_NE(std::string(e.what()).find("Foo"), std::string::npos) << e.what();
  for (const char* body :
       {"Name=n&Count=abc", "Name=n&Items=a", "Name=n&Enabled=1", "Name=n&Items.1.x=a"}) {
    auto failure = decode_failure(test_models::ec2(), body);
    EXPECT_EQ(failure.code(), "InvalidParameterValue") << body << ": " << failure.what();
  }
}

TEST(Ec2Decode, BotocoreDescribeVpcs) {
  auto in = decoded(*model::api_model::ec2(),
                    "Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-1&VpcId.2=vpc-2"
                    "&Filter.1.Name=tag%3AName&Filter.1.Value.1=a+b&Filter.1.Value.2=c%26d"
                    "&Filter.2.Name=is-default&Filter.2.Value.1=true&MaxResults=5&DryRun=false",
                    "DescribeVpcs");
  EXPECT_EQ(in, (json{{"VpcIds", {"vpc-1", "vpc-2"}},
                      {"Filters",
                       {{{"Name", "tag:Name"}, {"Values", {"a b", "c&d"}}},
                        {{"Name", "is-default"}, {"Values", {"true"}}}}},
                      {"MaxResults", 5},
                      {"DryRun", false}}));
}

TEST(Ec2Decode, BotocoreRunInstances) {
  auto in =
      decoded(*model::api_model::ec2(),
              "Action=RunInstances&Version=2016-11-15&ImageId=ami-1&MinCount=1&MaxCount=2"
              "&BlockDeviceMapping.1.DeviceName=%2Fdev%2Fsda1&BlockDeviceMapping.1.Ebs.VolumeSize=8"
              "&BlockDeviceMapping.1.Ebs.DeleteOnTermination=true&NetworkInterface.1.DeviceIndex=0"
              "&NetworkInterface.1.Ipv6Addresses.1.Ipv6Address=%3A%3A1"
              "&NetworkInterface.1.PrivateIpAddresses.1.PrivateIpAddress=10.0.0.5"
              "&NetworkInterface.1.PrivateIpAddresses.1.Primary=true"
              "&TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=k"
              "&TagSpecification.1.Tag.1.Value=v",
              "RunInstances");
  json expected = {
      {"ImageId", "ami-1"},
      {"MinCount", 1},
      {"MaxCount", 2},
      {"BlockDeviceMappings",
       {{{"DeviceName", "/dev/sda1"},
         {"Ebs", {{"VolumeSize", 8}, {"DeleteOnTermination", true}}}}}},
      {"NetworkInterfaces",
       {{{"DeviceIndex", 0},
         {"Ipv6Addresses", {{{"Ipv6Address", "::1"}}}},
         {"PrivateIpAddresses", {{{"PrivateIpAddress", "10.0.0.5"}, {"Primary", true}}}}}}},
      {"TagSpecifications",
       {{{"ResourceType", "instance"}, {"Tags", {{{"Key", "k"}, {"Value", "v"}}}}}}}};
  EXPECT_EQ(in, expected);
}

TEST(QueryDecode, BotocoreAssumeRole) {
  auto in = decoded(*model::api_model::sts(),
                    "Action=AssumeRole&Version=2011-06-15"
                    "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=sess"
                    "&DurationSeconds=900&Tags.member.1.Key=a&Tags.member.1.Value=1"
                    "&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess"
                    "&TransitiveTagKeys=",
                    "AssumeRole");
  EXPECT_EQ(in, (json{{"RoleArn", "arn:aws:iam::123456789012:role/r"},
                      {"RoleSessionName", "sess"},
                      {"DurationSeconds", 900},
                      {"Tags", {{{"Key", "a"}, {"Value", "1"}}}},
                      {"PolicyArns", {{{"arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"}}}},
                      {"TransitiveTagKeys", json::array()}}));
}

}  // namespace
}  // namespace minecs::protocol
