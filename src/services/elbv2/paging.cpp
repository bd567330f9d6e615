// ELBv2's pagination (see paging.hpp).
#include "paging.hpp"

#include "errors.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"

namespace minecs::elbv2 {

namespace {

// ELBv2 answers up to 400 items a page when PageSize is absent.
constexpr long long default_page_size = 400;

long long offset_of(const std::string& marker, const std::string& listing) {
  json after;
  try {
    after = api::decode_page_token(marker, listing);
  } catch (const service_error&) {
    after = nullptr;
  }
  if (!after.is_number_integer() || after.get<long long>() < 0) {
    throw validation_error("The marker '" + marker + "' is not valid");
  }
  return after.get<long long>();
}

}  // namespace

void write_page(json& out, const char* member, json items, const json& input,
                const std::string& listing) {
  long long start = 0;
  if (auto marker = api::opt_str(input, "Marker")) {
    start = offset_of(*marker, listing);
  }
  auto size = api::opt_int(input, "PageSize").value_or(default_page_size);
  json page = json::array();
  auto total = static_cast<long long>(items.size());
  for (long long i = start; i < total && i < start + size; ++i) {
    page.push_back(std::move(items[static_cast<std::size_t>(i)]));
  }
  if (start + size < total) {
    out["NextMarker"] = api::encode_page_token(api::make_page_cursor(listing, start + size));
  }
  out[member] = std::move(page);
}

}  // namespace minecs::elbv2
