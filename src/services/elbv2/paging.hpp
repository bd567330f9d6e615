#pragma once
// Marker / PageSize of ELBv2's Describe calls, over api/pagination's opaque tokens: a marker
// holds how many items of the listing came before it.
#include <string>

#include "minecs/core/json.hpp"

namespace minecs::elbv2 {

// Sets out[member] to the page of `items` the request's Marker and PageSize (1..400, which the
// model checks) select, and NextMarker when more follow. A marker that this listing did not
// make is a ValidationError.
void write_page(json& out, const char* member, json items, const json& input,
                const std::string& listing);

}  // namespace minecs::elbv2
