#include "minecs/dashboard/dashboard.hpp"

#include <gtest/gtest.h>

#include "embedded_assets.hpp"

namespace minecs::dashboard {
namespace {

std::string header(const server::http_response& res, std::string_view name) {
  for (const auto& [key, value] : res.headers) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

server::http_request get(std::string target, std::string accept = {}) {
  server::http_request req;
  req.method = "GET";
  req.target = std::move(target);
  if (!accept.empty()) {
    req.headers.emplace_back("accept", std::move(accept));
  }
  return req;
}

TEST(DashboardTest, ServesItsPageFromTheBinary) {
  auto res = serve(get("/_minecs/ui/"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200u);
  EXPECT_EQ(res->content_type, "text/html; charset=utf-8");
  EXPECT_NE(res->body.find("<script type=\"module\" src=\"js/app.js\">"), std::string::npos);
  // Nothing but minecs itself: the policy forbids other origins, inline scripts included.
  EXPECT_EQ(header(*res, "Content-Security-Policy").find("default-src 'self'"), 0u);
  EXPECT_EQ(header(*res, "X-Content-Type-Options"), "nosniff");
}

TEST(DashboardTest, EveryEmbeddedFileIsServedWithItsType) {
  ASSERT_FALSE(embedded_assets().empty());
  for (const auto& asset : embedded_assets()) {
    auto res = serve(get("/_minecs/ui/" + std::string(asset.path) + "?v=1"));
    ASSERT_TRUE(res) << asset.path;
    EXPECT_EQ(res->status, 200u) << asset.path;
    EXPECT_EQ(res->body, asset.bytes) << asset.path;
    EXPECT_NE(res->content_type, "application/octet-stream") << asset.path;
  }
  EXPECT_EQ(serve(get("/_minecs/ui/js/app.js"))->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(serve(get("/_minecs/ui/style.css"))->content_type, "text/css; charset=utf-8");
}

TEST(DashboardTest, AnUnknownFileIsA404AndNoPathEscapes) {
  for (const char* target : {"/_minecs/ui/nope.js", "/_minecs/ui/../../etc/passwd",
                             "/_minecs/ui/js/", "/_minecs/ui//index.html"}) {
    auto res = serve(get(target));
    ASSERT_TRUE(res) << target;
    EXPECT_EQ(res->status, 404u) << target;
  }
}

TEST(DashboardTest, ABrowserAtTheRootIsSentToTheDashboard) {
  auto res = serve(get("/", "text/html,application/xhtml+xml,*/*;q=0.8"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 302u);
  EXPECT_EQ(header(*res, "Location"), "/_minecs/ui/");
  auto bare = serve(get("/_minecs/ui"));
  ASSERT_TRUE(bare);
  EXPECT_EQ(header(*bare, "Location"), "/_minecs/ui/");
}

TEST(DashboardTest, OtherRequestsAreNotTheDashboards) {
  EXPECT_FALSE(serve(get("/")));  // an API client asks for no HTML
  EXPECT_FALSE(serve(get("/", "application/json")));
  EXPECT_FALSE(serve(get("/health", "text/html")));
  EXPECT_FALSE(serve(get("/_minecs/uix")));
  auto post = get("/_minecs/ui/");
  post.method = "POST";
  EXPECT_FALSE(serve(post));
}

}  // namespace
}  // namespace minecs::dashboard
