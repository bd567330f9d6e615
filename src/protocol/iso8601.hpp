#pragma once
// Timestamps on the XML protocols' wire: ISO 8601 in UTC, as botocore writes (query and ec2
// serializers) and reads them; handlers keep epoch seconds.
#include <optional>
#include <string>
#include <string_view>

namespace minecs::protocol {

// 2024-01-31T12:34:56.789Z (milliseconds, always three digits).
std::string format_iso8601(double epoch_seconds);

// YYYY-MM-DDTHH:MM:SS, optional fraction, then Z or an offset (+HH:MM, +HHMM); nullopt for
// anything else, including out-of-range fields.
std::optional<double> parse_iso8601(std::string_view text);

}  // namespace minecs::protocol
