#include "paging.hpp"

#include <gtest/gtest.h>

#include "minecs/core/service_error.hpp"

namespace minecs::ec2 {
namespace {

std::vector<keyed_item> letters(const std::string& keys) {
  std::vector<keyed_item> out;
  for (char c : keys) {
    out.emplace_back(std::string(1, c), json(std::string(1, c)));
  }
  return out;
}

TEST(Ec2Paging, EverythingOnOnePageWithoutMaxResults) {
  json out = json::object();
  write_page(out, "Items", letters("cab"), read_page_request(json::object(), "List"));
  EXPECT_EQ(out, json({{"Items", {"a", "b", "c"}}}));
}

TEST(Ec2Paging, PagesFollowTheKeys) {
  json input{{"MaxResults", 5}};
  std::string seen;
  int pages = 0;
  for (;;) {
    json out = json::object();
    write_page(out, "Items", letters("kjihgfedcba"), read_page_request(input, "List"));
    ++pages;
    for (const auto& item : out["Items"]) {
      seen += item.get<std::string>();
    }
    if (!out.contains("NextToken")) {
      break;
    }
    input["NextToken"] = out["NextToken"];
  }
  EXPECT_EQ(seen, "abcdefghijk");
  EXPECT_EQ(pages, 3);
}

TEST(Ec2Paging, BadRequestsAreRefused) {
  auto code = [](const json& input) {
    try {
      read_page_request(input, "List", 5, 100);
    } catch (const service_error& e) {
      return e.code();
    }
    return std::string();
  };
  EXPECT_EQ(code({{"MaxResults", 4}}), "InvalidParameterValue");
  EXPECT_EQ(code({{"MaxResults", 101}}), "InvalidParameterValue");
  EXPECT_EQ(code({{"MaxResults", 100}}), "");
  EXPECT_EQ(code({{"NextToken", "!!"}}), "InvalidPaginationToken");
  json out = json::object();
  write_page(out, "Items", letters("abcdef"), read_page_request({{"MaxResults", 5}}, "Other"));
  EXPECT_EQ(code({{"NextToken", out["NextToken"]}}), "InvalidPaginationToken");
}

}  // namespace
}  // namespace minecs::ec2
