// Form bodies and query strings into parameters; malformed ones are MalformedQueryString.
#include <gtest/gtest.h>

#include "minecs/protocol/aws_query.hpp"

namespace minecs::protocol {
namespace {

void expect_malformed(std::string_view text) {
  try {
    parse_form(text);
    ADD_FAILURE() << "parsed " << text;
  } catch (const service_error& e) {
    EXPECT_EQ(e.code(), "MalformedQueryString") << text;
    EXPECT_EQ(e.http_status(), 404u) << text;
  }
}

TEST(QueryForm, DecodesPairs) {
  auto params = parse_form("a=1&b=x+y&c=%41%62&&d&e=&f=%E2%82%AC&g=a=b");
  form_params expected = {{"a", "1"}, {"b", "x y"},          {"c", "Ab"}, {"d", ""},
                          {"e", ""},  {"f", "\xE2\x82\xAC"}, {"g", "a=b"}};
  EXPECT_EQ(params, expected);
  EXPECT_TRUE(parse_form("").empty());
  EXPECT_TRUE(parse_form("&&&").empty());
  EXPECT_EQ(parse_form("Filter.1.Name=tag%3AName"), (form_params{{"Filter.1.Name", "tag:Name"}}));
}

TEST(QueryForm, BrokenEscapesAndBytesThatAreNotUtf8AreMalformed) {
  for (const char* text :
       {"a=%4", "a=%", "a=%zz", "a=%g1", "%=1", "a=%ff", "%C0%AF=1", "a=%ED%A0%80", "a=\xff"}) {
    expect_malformed(text);
  }
}

TEST(QueryForm, SplitsActionVersionAndSignatureParameters) {
  auto req = split_query_request(
      parse_form("Action=DescribeVpcs&Version=2016-11-15&VpcId.1=v&X-Amz-Algorithm=AWS4"
                 "&X-Amz-Credential=AKID%2F20240101%2Feu-west-1%2Fec2%2Faws4_request"
                 "&X-Amz-Signature=00&AWSAccessKeyId=a&SignatureVersion=2&Signature=s"
                 "&Timestamp=t&MaxResults=5"));
  EXPECT_EQ(req.action, "DescribeVpcs");
  EXPECT_EQ(req.version, "2016-11-15");
  EXPECT_EQ(req.credential, "AKID/20240101/eu-west-1/ec2/aws4_request");
  EXPECT_EQ(req.params, (form_params{{"VpcId.1", "v"}, {"MaxResults", "5"}}));
  auto bare = split_query_request(parse_form("Foo=1"));
  EXPECT_EQ(bare.action, "");
  EXPECT_FALSE(bare.version.has_value());
  EXPECT_EQ(split_query_request(parse_form("Version=")).version, "");
  EXPECT_THROW(split_query_request(parse_form("Action=A&Action=B")), service_error);
  EXPECT_THROW(split_query_request(parse_form("Version=1&Version=1")), service_error);
}

}  // namespace
}  // namespace minecs::protocol
