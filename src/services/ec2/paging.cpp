// EC2's pagination (see paging.hpp).
#include "paging.hpp"

#include <algorithm>

#include "errors.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"

namespace minecs::ec2 {

page_request read_page_request(const json& input, const std::string& listing, long long min,
                               long long max) {
  page_request page;
  page.listing = listing;
  page.max_results = api::opt_int(input, "MaxResults");
  if (page.max_results && (*page.max_results < min || *page.max_results > max)) {
    throw invalid_value(
        std::to_string(*page.max_results), "MaxResults",
        "Expecting a value between " + std::to_string(min) + " and " + std::to_string(max) + ".");
  }
  if (auto token = api::opt_str(input, "NextToken")) {
    json after;
    try {
      after = api::decode_page_token(*token, listing);
    } catch (const service_error&) {
      after = nullptr;
    }
    if (!after.is_string()) {
      throw ec2_error("InvalidPaginationToken",
                      "The specified pagination token is not valid or is expired.");
    }
    page.after = after.get<std::string>();
  }
  return page;
}

void write_page(json& out, const char* member, std::vector<keyed_item> items,
                const page_request& page) {
  std::sort(items.begin(), items.end(),
            [](const keyed_item& a, const keyed_item& b) { return a.first < b.first; });
  json list = json::array();
  std::string last;
  for (auto& [key, item] : items) {
    if (page.after && key <= *page.after) {
      continue;
    }
    if (page.max_results && static_cast<long long>(list.size()) == *page.max_results) {
      out["NextToken"] = api::encode_page_token(api::make_page_cursor(page.listing, last));
      break;
    }
    list.push_back(std::move(item));
    last = key;
  }
  out[member] = std::move(list);
}

}  // namespace minecs::ec2
