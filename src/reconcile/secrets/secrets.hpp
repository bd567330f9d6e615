#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"

// Sensitive data and environment files of a task, resolved from minecs's own SSM Parameter Store
// and Secrets Manager, then from the --secrets-file seed, and from a local stand-in for S3, just
// before its containers are created. The values live only in memory on their way to Docker: never
// in the task document or a log line.
namespace minecs::reconcile {

// A failure, worded as the task's stoppedReason (ECS's ResourceInitializationError shapes).
struct secret_failure {
  std::string reason;
};
using secret_lookup = std::variant<std::string, secret_failure>;

// Where the stand-ins are read from; behind an interface so that tests need no files.
class secret_sources {
 public:
  enum class status { ok, not_configured, missing, unreadable };
  struct read_result {
    status state = status::missing;
    std::string text;   // the content when ok, else why not (never a secret value)
    std::string where;  // the local path, for messages
  };
  virtual ~secret_sources() = default;
  // The secrets file: a JSON object from a key (parameter name or ARN, secret name or ARN) to a
  // string or a JSON object.
  virtual read_result secrets_file() const = 0;
  // An object of the S3 stand-in directory.
  virtual read_result s3_object(const std::string& bucket, const std::string& key) const = 0;
  // What SSM Parameter Store and Secrets Manager hold for a valueFrom: they win over the secrets
  // file. nullopt when they hold nothing of that name.
  virtual std::optional<secret_lookup> stored(const std::string& value_from) const {
    (void)value_from;
    return std::nullopt;
  }
  // Whether stored() reads the stores: then a name nothing holds is simply missing, in ECS's own
  // words, with no remark that minecs has no secrets file.
  virtual bool has_stores() const { return false; }
};

// Reads the files named by --secrets-file and --s3-dir (either may be empty: not configured).
class local_secret_sources : public secret_sources {
 public:
  local_secret_sources(std::string secrets_file, std::string s3_dir);
  read_result secrets_file() const override;
  read_result s3_object(const std::string& bucket, const std::string& key) const override;

 private:
  std::string secrets_file_;
  std::string s3_dir_;
};

using env_list = std::vector<std::pair<std::string, std::string>>;

// What one container gets beyond its task definition.
struct container_secrets {
  env_list secret_env;  // `secrets`: they win over `environment`
  env_list file_env;    // environment files: `environment` wins over them
  std::map<std::string, std::string> log_options;  // logConfiguration.secretOptions
};

// The files, and the stores of the task's account: parameters and secrets named without an ARN
// are the task's region's; an ARN names its own region.
class stored_secret_sources : public local_secret_sources {
 public:
  stored_secret_sources(store::database& db, std::string region, std::string account,
                        std::string secrets_file, std::string s3_dir);
  std::optional<secret_lookup> stored(const std::string& value_from) const override;
  bool has_stores() const override { return true; }

 private:
  store::database& db_;
  std::string region_;
  std::string account_;
};

// Inside a read of the store: what `value_from` names in SSM Parameter Store (the latest version,
// decrypted) or Secrets Manager (the version its ARN's suffix picks, AWSCURRENT by default, and
// its JSON key), or nullopt when neither has it. A secret scheduled for deletion, a missing
// version or JSON key is a failure in ECS's words.
std::optional<secret_lookup> lookup_stored(store::database& db, const std::string& region,
                                           const std::string& account,
                                           const std::string& value_from);

// The secrets file, parsed. A malformed file is a failure, never an exception.
std::variant<json, secret_failure> parse_secrets_file(const std::string& text,
                                                      const std::string& where);

// The value `value_from` names in the parsed secrets file, accepting every form ECS accepts:
// an SSM parameter name (with or without its leading '/') or ARN, a Secrets Manager secret ARN
// (complete, or partial without the random suffix) with the `:json-key:version-stage:version-id`
// suffix, a secret name, or /aws/reference/secretsmanager/<name>. `configured` is false when there
// is no secrets file, which the failure then says.
std::variant<std::string, secret_failure> lookup_secret(const json& secrets,
                                                        const std::string& value_from,
                                                        bool configured);

// The VARIABLE=VALUE lines of an environment file, in file order, as the ECS agent reads them:
// lines starting with '#' and lines without '=' are skipped, as are lines whose name or value is
// empty; nothing is trimmed or unquoted.
env_list parse_env_file(const std::string& text);

// The S3 bucket and key of an `arn:aws:s3:::bucket/key` ARN, or nullopt.
std::optional<std::pair<std::string, std::string>> parse_s3_arn(const std::string& arn);

// Everything the containers of a task need, by container name, or the first failure. `overrides`
// is the task's overrides document (containerOverrides' environmentFiles replace the
// definition's, as ECS documents).
std::variant<std::map<std::string, container_secrets>, secret_failure> resolve_task_secrets(
    const json& definition, const json& overrides, const secret_sources& sources);

// True when the task definition or the overrides ask for anything resolve_task_secrets reads, so
// that tasks without secrets never touch the files.
bool needs_secrets(const json& definition, const json& overrides);

}  // namespace minecs::reconcile
