// Form decoding for the Query and EC2 protocols: application/x-www-form-urlencoded text into
// name/value pairs, and those into Action, Version and the operation's parameters.
#include <array>
#include <string>

#include "minecs/core/hex.hpp"
#include "minecs/core/utf8.hpp"
#include "minecs/protocol/aws_query.hpp"

namespace minecs::protocol {

namespace {

service_error malformed(const std::string& why) {
  return {"MalformedQueryString", why, 404};
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      if (i + 2 >= text.size() || hex_digit_value(text[i + 1]) < 0 ||
          hex_digit_value(text[i + 2]) < 0) {
        throw malformed("The query string has a broken percent escape near '" +
                        std::string(text.substr(i, 3)) + "'.");
      }
      out += static_cast<char>(hex_digit_value(text[i + 1]) * 16 + hex_digit_value(text[i + 2]));
      i += 2;
    }
  }
  if (!is_utf8(out)) {
    throw malformed("A parameter name or value of the query string is not UTF-8.");
  }
  return out;
}

// Parameters that sign a request (SigV4 presigned URLs, SigV2) rather than belong to the
// operation: AWS accepts them beside any action.
bool is_signature_parameter(const std::string& name) {
  static constexpr std::array<std::string_view, 6> sigv2 = {
      "AWSAccessKeyId", "SignatureVersion", "SignatureMethod", "Signature", "Timestamp", "Expires"};
  if (name.starts_with("X-Amz-")) {
    return true;
  }
  for (auto known : sigv2) {
    if (name == known) {
      return true;
    }
  }
  return false;
}

}  // namespace

form_params parse_form(std::string_view text) {
  form_params out;
  while (!text.empty()) {
    auto amp = text.find('&');
    auto pair = text.substr(0, amp);
    text.remove_prefix(amp == std::string_view::npos ? text.size() : amp + 1);
    if (pair.empty()) {
      continue;
    }
    auto eq = pair.find('=');
    auto name = pair.substr(0, eq);
    auto value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    out.emplace_back(percent_decode(name), percent_decode(value));
  }
  return out;
}

query_request split_query_request(const form_params& all) {
  query_request out;
  bool has_action = false;
  for (const auto& [name, value] : all) {
    if ((name == "Action" && has_action) || (name == "Version" && out.version)) {
      throw malformed("The parameter " + name + " is given more than once.");
    }
    if (name == "Action") {
      out.action = value;
      has_action = true;
    } else if (name == "Version") {
      out.version = value;
    } else if (name == "X-Amz-Credential") {
      out.credential = value;
    } else if (!is_signature_parameter(name)) {
      out.params.emplace_back(name, value);
    }
  }
  return out;
}

}  // namespace minecs::protocol
