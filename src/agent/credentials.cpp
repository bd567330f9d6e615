#include "minecs/agent/credentials.hpp"

#include "timestamps.hpp"

namespace minecs::agent {

std::optional<static_credentials> parse_credentials_source(const std::string& source,
                                                           const std::string& env_key_id,
                                                           const std::string& env_secret,
                                                           const std::string& env_token) {
  if (source == "env") {
    if (env_key_id.empty() || env_secret.empty()) {
      // What local AWS emulators conventionally accept.
      return static_credentials{"test", "test", ""};
    }
    return static_credentials{env_key_id, env_secret, env_token};
  }
  return parse_static_credentials(source);
}

json credentials_document(const static_credentials& keys, const std::string& role_arn,
                          double expiration) {
  return {{"AccessKeyId", keys.access_key_id},
          {"SecretAccessKey", keys.secret_access_key},
          {"Token", keys.session_token},
          {"Expiration", iso_seconds(expiration)},
          {"RoleArn", role_arn}};
}

}  // namespace minecs::agent
