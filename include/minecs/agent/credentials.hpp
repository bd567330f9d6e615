#pragma once
#include <optional>
#include <string>

#include "minecs/core/config.hpp"
#include "minecs/core/json.hpp"

// Task role credentials as the ECS agent serves them at AWS_CONTAINER_CREDENTIALS_RELATIVE_URI.
// minecs has no IAM: the keys come from configuration, the role is the task's.
namespace minecs::agent {

// "env" with minecs's own environment values, or "static:ID:SECRET[:TOKEN]"; nullopt when the
// text is neither (the configuration parser refuses such values first).
std::optional<static_credentials> parse_credentials_source(const std::string& source,
                                                           const std::string& env_key_id,
                                                           const std::string& env_secret,
                                                           const std::string& env_token);

// {AccessKeyId, SecretAccessKey, Token, Expiration, RoleArn}; Expiration is `now` plus six hours,
// as ECS's rotating credentials look; the SDKs refresh before it.
json credentials_document(const static_credentials& keys, const std::string& role_arn, double now);

}  // namespace minecs::agent
