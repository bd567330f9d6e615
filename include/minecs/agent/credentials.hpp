#pragma once
#include <functional>
#include <optional>
#include <string>

#include "minecs/core/config.hpp"
#include "minecs/core/json.hpp"

// Task role credentials as the ECS agent serves them at AWS_CONTAINER_CREDENTIALS_RELATIVE_URI:
// temporary keys of the task's role that STS issued for a session named after the task, or,
// where no STS is wired in (unit tests), the configured keys.
namespace minecs::agent {

// Temporary keys of one role session and when they expire (seconds since the epoch).
struct role_session_keys {
  static_credentials keys;
  double expiration = 0;
};

// Issues keys for `session` of the role (this server's STS AssumeRole); throws service_error
// when the role cannot be assumed.
using assume_role_fn =
    std::function<role_session_keys(const std::string& role_arn, const std::string& session)>;

// "env" with minecs's own environment values, or "static:ID:SECRET[:TOKEN]"; nullopt when the
// text is neither (the configuration parser refuses such values first).
std::optional<static_credentials> parse_credentials_source(const std::string& source,
                                                           const std::string& env_key_id,
                                                           const std::string& env_secret,
                                                           const std::string& env_token);

// {AccessKeyId, SecretAccessKey, Token, Expiration, RoleArn}.
json credentials_document(const static_credentials& keys, const std::string& role_arn,
                          double expiration);

}  // namespace minecs::agent
