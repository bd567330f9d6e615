#include "minecs/protocol/aws_json.hpp"

#include <gtest/gtest.h>

namespace minecs::protocol {
namespace {

constexpr std::string_view ecs_target = "AmazonEC2ContainerServiceV20141113.ListClusters";
constexpr std::string_view sigv4 =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/eu-west-1/ecs/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abcdef0123";

aws_request decode(std::string_view target, std::string_view body,
                   std::string_view authorization = {}) {
  return decode_request({target, authorization}, body, "us-east-1", "req-1");
}

service_error decode_error(std::string_view target, std::string_view body) {
  try {
    decode(target, body);
  } catch (const service_error& e) {
    return e;
  }
  ADD_FAILURE() << "decoded target '" << target << "' body '" << body.substr(0, 80) << "'";
  return service_error("none", "none");
}

TEST(DecodeRequest, SplitsTheTargetAtTheLastDot) {
  auto req = decode(ecs_target, R"({"maxResults": 5})");
  EXPECT_EQ(req.target_prefix, "AmazonEC2ContainerServiceV20141113");
  EXPECT_EQ(req.operation, "ListClusters");
  EXPECT_EQ(req.input, (json{{"maxResults", 5}}));
  EXPECT_EQ(req.request_id, "req-1");
  EXPECT_EQ(req.region, "us-east-1");

  auto dotted = decode("a.b.Op", "{}");
  EXPECT_EQ(dotted.target_prefix, "a.b");
  EXPECT_EQ(dotted.operation, "Op");
}

TEST(DecodeRequest, BadTargets) {
  for (std::string_view target : {"", "NoDot", ".ListClusters", "Prefix."}) {
    auto e = decode_error(target, "{}");
    EXPECT_EQ(e.code(), "UnknownOperationException") << target;
    EXPECT_EQ(e.http_status(), 400u);
  }
  EXPECT_NE(std::string(decode_error("", "{}").what()).find("X-Amz-Target"), std::string::npos);
  EXPECT_NE(std::string(decode_error("NoDot", "{}").what()).find("NoDot"), std::string::npos);
}

TEST(DecodeRequest, EmptyBodyIsAnEmptyObject) {
  EXPECT_EQ(decode(ecs_target, "").input, json::object());
  EXPECT_EQ(decode(ecs_target, " \r\n\t").input, json::object());
  EXPECT_TRUE(decode(ecs_target, "").input.is_object());
}

TEST(DecodeRequest, InvalidJson) {
  for (std::string_view body : {"{", "{\"a\":}", "not json", "{} {}", "\xff\xfe"}) {
    auto e = decode_error(ecs_target, body);
    EXPECT_EQ(e.code(), "SerializationException") << body;
    EXPECT_EQ(e.http_status(), 400u);
  }
}

TEST(DecodeRequest, BodyMustBeAnObject) {
  for (std::string_view body : {"[]", "\"x\"", "5", "null", "true"}) {
    EXPECT_EQ(decode_error(ecs_target, body).code(), "SerializationException") << body;
  }
}

std::string nested_array(int depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}
std::string nested_object(int depth) {
  std::string out;
  for (int i = 0; i < depth; ++i) {
    out += "{\"a\":";
  }
  out += "1";
  out += std::string(depth, '}');
  return out;
}

TEST(DecodeRequest, DepthLimit) {
  // 64 levels: the outer object and 63 inside it.
  auto ok = "{\"x\":" + nested_array(max_json_depth - 1) + "}";
  EXPECT_NO_THROW(decode(ecs_target, ok));
  auto too_deep = "{\"x\":" + nested_array(max_json_depth + 1) + "}";
  auto e = decode_error(ecs_target, too_deep);
  EXPECT_EQ(e.code(), "SerializationException");
  EXPECT_NE(std::string(e.what()).find("nested too deeply"), std::string::npos) << e.what();
  EXPECT_EQ(decode_error(ecs_target, nested_object(100000)).code(), "SerializationException");
  EXPECT_EQ(decode_error(ecs_target, "{\"x\":" + nested_array(100000) + "}").code(),
            "SerializationException");
}

TEST(DecodeRequest, DeepButUnterminatedJson) {
  EXPECT_EQ(decode_error(ecs_target, std::string(100000, '[')).code(), "SerializationException");
}

TEST(DecodeRequest, RegionFromAuthorization) {
  EXPECT_EQ(decode(ecs_target, "{}", sigv4).region, "eu-west-1");
  EXPECT_EQ(decode(ecs_target, "{}", "garbage").region, "us-east-1");
}

TEST(RegionFromAuthorization, SigV4) {
  EXPECT_EQ(region_from_authorization(sigv4), "eu-west-1");
  EXPECT_EQ(region_from_authorization(
                "AWS4-HMAC-SHA256 Credential=test/20240101/ap-southeast-2/ecs/aws4_request,"
                "SignedHeaders=host,Signature=00"),
            "ap-southeast-2");
}

TEST(RegionFromAuthorization, Garbage) {
  EXPECT_EQ(region_from_authorization(""), "");
  EXPECT_EQ(region_from_authorization("Bearer abc"), "");
  EXPECT_EQ(region_from_authorization("Credential="), "");
  EXPECT_EQ(region_from_authorization("Credential=AKID"), "");
  EXPECT_EQ(region_from_authorization("Credential=AKID/20240101"), "");
  EXPECT_EQ(region_from_authorization("Credential=AKID/20240101//ecs/aws4_request"), "");
  EXPECT_EQ(region_from_authorization("Credential=AKID/20240101/EU WEST/ecs/aws4_request"), "");
  EXPECT_EQ(region_from_authorization("Credential=AKID/20240101/../ecs/aws4_request"), "");
  EXPECT_EQ(region_from_authorization("Credential=AKID/d/" + std::string(100, 'a') + "/ecs/x"), "");
}

TEST(Encode, Result) {
  auto r = encode_result({{"clusterArns", json::array()}});
  EXPECT_EQ(r.status, 200u);
  EXPECT_TRUE(r.error_type.empty());
  EXPECT_EQ(json::parse(r.body), (json{{"clusterArns", json::array()}}));
}

TEST(Encode, ResultWithInvalidUtf8DoesNotThrow) {
  auto r = encode_result({{"s", std::string("\xff\xfe")}});
  EXPECT_EQ(r.status, 200u);
  EXPECT_TRUE(json::accept(r.body));
}

TEST(Encode, ErrorShape) {
  auto r = encode_error(service_error("ClusterNotFoundException", "Cluster not found."));
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.error_type, "ClusterNotFoundException");
  auto body = json::parse(r.body);
  EXPECT_EQ(body,
            (json{{"__type", "ClusterNotFoundException"}, {"message", "Cluster not found."}}));

  auto server = encode_error(service_error("ServerException", "boom", 500));
  EXPECT_EQ(server.status, 500u);
  EXPECT_EQ(json::parse(server.body)["__type"], "ServerException");
}

TEST(Encode, ErrorMessageWithInvalidUtf8DoesNotThrow) {
  auto r = encode_error(service_error("InvalidParameterException", "bad \xc3 value"));
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(json::parse(r.body)["__type"], "InvalidParameterException");
}

}  // namespace
}  // namespace minecs::protocol
