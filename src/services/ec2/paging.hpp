#pragma once
// MaxResults / NextToken of EC2's Describe calls, over api/pagination's opaque tokens: a page
// is the items after the last key the previous page returned, in key order.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "minecs/core/json.hpp"

namespace minecs::ec2 {

struct page_request {
  std::string listing;  // the operation, so that a token serves only the listing it came from
  std::optional<long long> max_results;  // none: every item on one page
  std::optional<std::string> after;
};

// The request's MaxResults (`min`..`max`, else InvalidParameterValue) and NextToken (one this
// listing made, else InvalidPaginationToken).
page_request read_page_request(const json& input, const std::string& listing, long long min = 5,
                               long long max = 1000);

// An item with the key it is paged by (its id).
using keyed_item = std::pair<std::string, json>;
// Sets out[member] to the page of `items` (sorted here by key) and NextToken when more follow.
void write_page(json& out, const char* member, std::vector<keyed_item> items,
                const page_request& page);

}  // namespace minecs::ec2
