// Output and errors as the XML of the Query and EC2 protocols, in the model's names and nesting;
// botocore's QueryParser and EC2QueryParser read these replies (tests/e2e/test_query_protocol.py).
#include <gtest/gtest.h>

#include <stdexcept>

#include "minecs/protocol/aws_query.hpp"
#include "query_test_models.hpp"

namespace minecs::protocol {
namespace {

constexpr std::string_view declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

std::string body_of(const model::api_model& m, const json& output,
                    std::string_view operation = "PutThings") {
  auto reply = encode_query_result(m, operation, output, "rid-1");
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(reply.content_type, "text/xml");
  EXPECT_TRUE(reply.error_type.empty());
  return reply.body;
}

void expect_contains(const std::string& body, std::string_view part) {
  EXPECT_NE(body.find(part), std::string::npos) << "'" << part << "' not in " << body;
}

const json things = {{"Name", "n & <m>"},
                     {"Count", 5},
                     {"Enabled", false},
                     {"When", 1704164645.25},
                     {"Epoch", 1700000000},
                     {"Renamed", "r"},
                     {"Items", {"a", "b"}},
                     {"Named", {"x"}},
                     {"Flat", {"f1", "f2"}},
                     {"FlatNamed", {"v"}},
                     {"Attributes", {{"a", 1}}},
                     {"FlatMap", {{"k", "v"}}},
                     {"Nested", {{"Key", "k"}, {"Values", {"v1"}}, {"Id", "i\"1"}}},
                     {"Inners", {{{"Key", "a"}}}},
                     {"Kind", nullptr}};

TEST(QueryEncode, GetCallerIdentityExactly) {
  auto body = body_of(*model::api_model::sts(),
                      {{"Account", "000000000000"},
                       {"Arn", "arn:aws:iam::000000000000:root"},
                       {"UserId", "000000000000"}},
                      "GetCallerIdentity");
  EXPECT_EQ(body, std::string(declaration) +
                      "<GetCallerIdentityResponse "
                      "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                      "<GetCallerIdentityResult><Account>000000000000</Account>"
                      "<Arn>arn:aws:iam::000000000000:root</Arn><UserId>000000000000</UserId>"
                      "</GetCallerIdentityResult><ResponseMetadata><RequestId>rid-1</RequestId>"
                      "</ResponseMetadata></GetCallerIdentityResponse>");
}

TEST(QueryEncode, EveryShapeInTheModelsNames) {
  auto body = body_of(test_models::query(), things);
  expect_contains(body,
                  "<PutThingsResponse xmlns=\"https://things.example/doc/2020-01-01/\">"
                  "<PutThingsResult>");
  expect_contains(body,
                  "</PutThingsResult><ResponseMetadata><RequestId>rid-1</RequestId>"
                  "</ResponseMetadata></PutThingsResponse>");
  expect_contains(body, "<Name>n &amp; &lt;m&gt;</Name>");
  expect_contains(body, "<Count>5</Count>");
  expect_contains(body, "<Enabled>false</Enabled>");
  expect_contains(body, "<When>2024-01-02T03:04:05.250Z</When>");
  expect_contains(body, "<Epoch>1700000000</Epoch>");
  expect_contains(body, "<otherName>r</otherName>");
  expect_contains(body, "<Items><member>a</member><member>b</member></Items>");
  expect_contains(body, "<Named><Entry>x</Entry></Named>");
  expect_contains(body, "<Flat>f1</Flat><Flat>f2</Flat>");
  expect_contains(body, "<Flavour>v</Flavour>");
  expect_contains(body, "<Attributes><entry><key>a</key><value>1</value></entry></Attributes>");
  expect_contains(body, "<FlatMap><Name>k</Name><Val>v</Val></FlatMap>");
  expect_contains(body,
                  "<Nested id=\"i&quot;1\"><key>k</key><value><member>v1</member></value>"
                  "</Nested>");
  expect_contains(body, "<Inners><item><key>a</key></item></Inners>");
  EXPECT_EQ(body.find("Kind"), std::string::npos) << "a null member is absent";
}

TEST(QueryEncode, AnOperationWithoutOutputAnswersTheRequestIdAlone) {
  EXPECT_EQ(body_of(test_models::query(), json::object(), "Ping"),
            std::string(declaration) +
                "<PingResponse xmlns=\"https://things.example/doc/2020-01-01/\">"
                "<ResponseMetadata><RequestId>rid-1</RequestId></ResponseMetadata></PingResponse>");
  EXPECT_EQ(body_of(test_models::ec2(), json::object(), "Ping"),
            std::string(declaration) +
                "<PingResponse xmlns=\"https://things.example/doc/2020-01-01/\">"
                "<requestId>rid-1</requestId></PingResponse>");
}

TEST(Ec2Encode, RequestIdFirstNoResultWrapperListsOfItems) {
  auto body = body_of(test_models::ec2(), things);
  expect_contains(body,
                  "<PutThingsResponse xmlns=\"https://things.example/doc/2020-01-01/\">"
                  "<requestId>rid-1</requestId><Attributes>");
  EXPECT_EQ(body.find("PutThingsResult"), std::string::npos);
  EXPECT_EQ(body.find("ResponseMetadata"), std::string::npos);
  expect_contains(body, "<Items><item>a</item><item>b</item></Items>");
}

TEST(Ec2Encode, DescribeVpcs) {
  auto body = body_of(*model::api_model::ec2(),
                      {{"Vpcs",
                        {{{"VpcId", "vpc-1"},
                          {"CidrBlock", "10.0.0.0/16"},
                          {"IsDefault", true},
                          {"State", "available"},
                          {"Tags", {{{"Key", "Name"}, {"Value", "x"}}}}}}}},
                      "DescribeVpcs");
  expect_contains(body,
                  "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                  "<requestId>rid-1</requestId><vpcSet><item>");
  expect_contains(body, "<cidrBlock>10.0.0.0/16</cidrBlock>");
  expect_contains(body, "<isDefault>true</isDefault>");
  expect_contains(body, "<state>available</state>");
  expect_contains(body, "<tagSet><item><key>Name</key><value>x</value></item></tagSet>");
  expect_contains(body, "<vpcId>vpc-1</vpcId></item></vpcSet></DescribeVpcsResponse>");
}

TEST(QueryEncode, OutputThatDoesNotFitTheModelIsABug) {
  for (const json& output :
       {json{{"Count", true}}, json{{"Nested", "x"}}, json{{"Items", 5}}, json{{"Items", {5}}},
        json{{"Attributes", {"a"}}}, json{{"Enabled", 1}}, json{{"When", {1}}}}) {
    EXPECT_THROW(encode_query_result(test_models::query(), "PutThings", output, "r"),
                 std::logic_error)
        << output.dump();
  }
  EXPECT_THROW(encode_query_result(test_models::query(), "PutThings", json::array(), "r"),
               std::logic_error);
  EXPECT_THROW(encode_query_result(test_models::query(), "Nope", json::object(), "r"),
               std::logic_error);
}

TEST(QueryEncode, QueryErrors) {
  auto reply = encode_query_error(model::wire_protocol::query, "https://sts/doc/",
                                  service_error("ValidationError", "bad <x> & 'y'"), "rid-2");
  EXPECT_EQ(reply.status, 400u);
  EXPECT_EQ(reply.error_type, "ValidationError");
  EXPECT_EQ(reply.content_type, "text/xml");
  EXPECT_EQ(reply.body, std::string(declaration) +
                            "<ErrorResponse xmlns=\"https://sts/doc/\"><Error><Type>Sender</Type>"
                            "<Code>ValidationError</Code><Message>bad &lt;x&gt; &amp; &apos;y&apos;"
                            "</Message></Error><RequestId>rid-2</RequestId></ErrorResponse>");
  auto server = encode_query_error(model::wire_protocol::query, "",
                                   service_error("InternalFailure", "oops", 500), "rid-3");
  EXPECT_EQ(server.status, 500u);
  expect_contains(server.body, "<ErrorResponse><Error><Type>Receiver</Type>");
}

TEST(Ec2Encode, Ec2Errors) {
  auto reply = encode_query_error(model::wire_protocol::ec2, "http://ec2/",
                                  service_error("UnsupportedOperation", "not yet"), "rid-4");
  EXPECT_EQ(reply.status, 400u);
  EXPECT_EQ(reply.body, std::string(declaration) +
                            "<Response><Errors><Error><Code>UnsupportedOperation</Code>"
                            "<Message>not yet</Message></Error></Errors>"
                            "<RequestID>rid-4</RequestID></Response>");
}

}  // namespace
}  // namespace minecs::protocol
