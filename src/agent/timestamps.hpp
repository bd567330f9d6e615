#pragma once
#include <string>

namespace minecs::agent {

// "2026-11-25T07:00:00Z": credentials' Expiration.
std::string iso_seconds(double epoch_seconds);
// "2026-11-25T07:00:00.123456789Z", as the metadata endpoint writes times (Docker's precision).
std::string iso_nanos(double epoch_seconds);

}  // namespace minecs::agent
