#include "minecs/agent/credentials.hpp"

#include <vector>

#include "minecs/agent/timestamps.hpp"

namespace minecs::agent {

namespace {

constexpr double lifetime_seconds = 6 * 3600;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    auto at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) {
      return out;
    }
    start = at + 1;
  }
}

}  // namespace

std::optional<static_keys> parse_credentials_source(const std::string& source,
                                                    const std::string& env_key_id,
                                                    const std::string& env_secret,
                                                    const std::string& env_token) {
  if (source == "env") {
    if (env_key_id.empty() || env_secret.empty()) {
      // What local AWS emulators conventionally accept.
      return static_keys{"test", "test", ""};
    }
    return static_keys{env_key_id, env_secret, env_token};
  }
  auto parts = split(source, ':');
  if (parts.size() < 3 || parts.size() > 4 || parts[0] != "static" || parts[1].empty() ||
      parts[2].empty()) {
    return std::nullopt;
  }
  return static_keys{parts[1], parts[2], parts.size() == 4 ? parts[3] : ""};
}

json credentials_document(const static_keys& keys, const std::string& role_arn, double now) {
  return {{"AccessKeyId", keys.access_key_id},
          {"SecretAccessKey", keys.secret_access_key},
          {"Token", keys.session_token},
          {"Expiration", iso_seconds(now + lifetime_seconds)},
          {"RoleArn", role_arn}};
}

}  // namespace minecs::agent
