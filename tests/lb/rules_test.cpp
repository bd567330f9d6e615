#include "minecs/lb/rules.hpp"

#include <gtest/gtest.h>

#include "minecs/core/ipv4.hpp"
#include "minecs/core/wildcard.hpp"

namespace minecs::lb {
namespace {

store::elbv2_condition cond(std::string field, std::vector<std::string> values) {
  store::elbv2_condition c;
  c.field = std::move(field);
  c.values = std::move(values);
  return c;
}

store::elbv2_action fixed(std::string code) {
  store::elbv2_action a;
  a.type = "fixed-response";
  a.status_code = std::move(code);
  return a;
}

// Views of literals, which outlive the view.
request_view get(std::string_view path, std::string_view query = "") {
  request_view r;
  r.method = "GET";
  r.path = path;
  r.query = query;
  r.host = "Api.Example.com:8080";
  r.headers = {{"User-Agent", "curl/8"}, {"X-Env", "Staging"}};
  r.source = *parse_ipv4_address("10.0.1.7");
  return r;
}

TEST(Wildcards, StarAndQuestionMark) {
  EXPECT_TRUE(wildcard_match("/api/*", "/api/", {true}));
  EXPECT_TRUE(wildcard_match("/api/*", "/api/v1/users", {true}));
  EXPECT_FALSE(wildcard_match("/api/*", "/api", {true}));
  EXPECT_TRUE(wildcard_match("/img/*.png", "/img/a/b.png", {true}));
  EXPECT_FALSE(wildcard_match("/img/*.png", "/img/a/b.jpg", {true}));
  EXPECT_TRUE(wildcard_match("/v?/x", "/v2/x", {true}));
  EXPECT_FALSE(wildcard_match("/v?/x", "/v10/x", {true}));
  EXPECT_TRUE(wildcard_match("*", "", {true}));
  EXPECT_FALSE(wildcard_match("/API", "/api", {true}));
  EXPECT_TRUE(wildcard_match("/API", "/api", {false}));
  EXPECT_TRUE(wildcard_match("*a*b*c", "xxaxxbxxbxc", {true}));
  // A '*' in the text is a character like any other to a '*' of the pattern.
  EXPECT_TRUE(wildcard_match("*a", "*xa", {true}));
}

TEST(Conditions, PathPatternIsCaseSensitiveAndIgnoresTheQuery) {
  auto c = cond("path-pattern", {"/api/*", "/health"});
  EXPECT_TRUE(condition_matches(c, get("/api/users", "x=1")));
  EXPECT_TRUE(condition_matches(c, get("/health")));
  EXPECT_FALSE(condition_matches(c, get("/API/users")));
  EXPECT_FALSE(condition_matches(c, get("/other")));
}

TEST(Conditions, HostHeaderIsCaseInsensitiveWithoutThePort) {
  EXPECT_TRUE(condition_matches(cond("host-header", {"*.example.com"}), get("/")));
  EXPECT_TRUE(condition_matches(cond("host-header", {"api.example.com"}), get("/")));
  EXPECT_FALSE(condition_matches(cond("host-header", {"www.example.com"}), get("/")));
}

TEST(Conditions, HttpHeaderNameAndValues) {
  auto c = cond("http-header", {"staging", "prod"});
  c.header_name = "x-env";
  EXPECT_TRUE(condition_matches(c, get("/")));
  c.values = {"prod*"};
  EXPECT_FALSE(condition_matches(c, get("/")));
  c.header_name = "X-Other";
  c.values = {"*"};
  EXPECT_FALSE(condition_matches(c, get("/")));
}

TEST(Conditions, MethodIsExact) {
  EXPECT_TRUE(condition_matches(cond("http-request-method", {"POST", "GET"}), get("/")));
  EXPECT_FALSE(condition_matches(cond("http-request-method", {"POST"}), get("/")));
  EXPECT_FALSE(condition_matches(cond("http-request-method", {"get"}), get("/")));
}

TEST(Conditions, QueryStringPairsDecodedWithWildcards) {
  store::elbv2_condition c;
  c.field = "query-string";
  c.queries = {{"version", "v1*"}, {"", "beta"}};
  EXPECT_TRUE(condition_matches(c, get("/", "a=b&version=V1.2")));
  EXPECT_TRUE(condition_matches(c, get("/", "channel=Beta")));
  EXPECT_TRUE(condition_matches(c, get("/", "x=%62eta")));
  EXPECT_FALSE(condition_matches(c, get("/", "version=v2&x=y")));
  EXPECT_FALSE(condition_matches(c, get("/", "")));
}

TEST(Conditions, SourceIpCidr) {
  EXPECT_TRUE(condition_matches(cond("source-ip", {"192.168.0.0/16", "10.0.0.0/16"}), get("/")));
  EXPECT_FALSE(condition_matches(cond("source-ip", {"10.0.2.0/24"}), get("/")));
  EXPECT_TRUE(cidr_contains("0.0.0.0/0", 1234));
  EXPECT_FALSE(cidr_contains("nonsense", 1234));
}

TEST(Rules, PriorityOrderAllConditionsAndTheDefaultLast) {
  std::vector<rule_entry> rules;
  rules.push_back({0, true, {}, {fixed("404")}});
  rules.push_back({20, false, {cond("path-pattern", {"/api/*"})}, {fixed("200")}});
  rules.push_back({10,
                   false,
                   {cond("path-pattern", {"/api/*"}), cond("http-request-method", {"POST"})},
                   {fixed("201")}});
  auto ordered = ordered_rules(rules);
  ASSERT_EQ(ordered.back().is_default, true);
  EXPECT_EQ(choose_action(ordered, get("/api/x"))->status_code, "200");
  auto post = get("/api/x");
  post.method = "POST";
  EXPECT_EQ(choose_action(ordered, post)->status_code, "201");
  EXPECT_EQ(choose_action(ordered, get("/elsewhere"))->status_code, "404");
}

TEST(Rules, WeightedGroups) {
  store::elbv2_action a;
  a.type = "forward";
  a.target_groups = {{"a", 1}, {"b", 3}, {"c", 0}};
  int counts[2] = {0, 0};
  for (std::uint64_t i = 0; i < 8; ++i) {
    auto g = pick_group(a, i);
    ASSERT_NE(g, "c");
    ++counts[g == "a" ? 0 : 1];
  }
  EXPECT_EQ(counts[0], 2);
  EXPECT_EQ(counts[1], 6);
  a.target_groups = {{"a", 0}};
  EXPECT_EQ(pick_group(a, 0), "");
}

TEST(Redirects, DefaultsKeepEveryComponent) {
  store::elbv2_action a;
  a.type = "redirect";
  a.status_code = "HTTP_301";
  a.protocol = "HTTPS";
  auto r = redirect_of(a, get("/a/b", "x=1"), "HTTP", 80);
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.location, "https://Api.Example.com:80/a/b?x=1");
  a.port = "443";
  EXPECT_EQ(redirect_of(a, get("/a/b", "x=1"), "HTTP", 80).location,
            "https://Api.Example.com/a/b?x=1");
}

TEST(Redirects, Placeholders) {
  store::elbv2_action a;
  a.type = "redirect";
  a.status_code = "HTTP_302";
  a.host = "new.#{host}";
  a.path = "/v2/#{path}";
  a.query = "#{query}&from=#{port}";
  a.port = "#{port}";
  auto r = redirect_of(a, get("/old/page", "q=1"), "HTTP", 8080);
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.location, "http://new.Api.Example.com:8080/v2/old/page?q=1&from=8080");
}

}  // namespace
}  // namespace minecs::lb
