// Reads the region and service of a SigV4 credential scope (signatures are not verified).
#include "minecs/protocol/credential_scope.hpp"

namespace minecs::protocol {

namespace {

bool scope_part_ok(std::string_view part, std::size_t longest) {
  return !part.empty() && part.size() <= longest &&
         part.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos;
}

// The next '/'-separated part of `rest`, which loses it; nullopt-like empty view at the end.
std::string_view next_part(std::string_view& rest, bool& found) {
  auto slash = rest.find('/');
  found = slash != std::string_view::npos;
  auto part = rest.substr(0, slash);
  rest.remove_prefix(found ? slash + 1 : rest.size());
  return part;
}

}  // namespace

credential_scope scope_of_credential(std::string_view credential) {
  credential_scope out;
  bool more = false;
  auto key = next_part(credential, more);
  // Access key ids are upper-case letters and digits (AKIA..., ASIA...), 16 to 128 of them.
  if (more && key.size() <= 128 &&
      key.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == std::string_view::npos) {
    out.access_key_id = std::string(key);
  }
  if (more) {
    next_part(credential, more);  // date
  }
  if (!more) {
    return out;
  }
  auto region = next_part(credential, more);
  if (scope_part_ok(region, 32)) {
    out.region = std::string(region);
  }
  if (!more) {
    return out;
  }
  auto service = next_part(credential, more);
  if (more && scope_part_ok(service, 64)) {
    out.service = std::string(service);
  }
  return out;
}

credential_scope scope_of_authorization(std::string_view authorization) {
  auto pos = authorization.find("Credential=");
  if (pos == std::string_view::npos) {
    return {};
  }
  auto credential = authorization.substr(pos + 11);
  return scope_of_credential(credential.substr(0, credential.find_first_of(", ")));
}

}  // namespace minecs::protocol
