#include "secrets/secrets.hpp"

#include <algorithm>
#include <cctype>

#include "minecs/core/arn.hpp"
#include "minecs/store/secrets.hpp"
#include "minecs/store/ssm_parameters.hpp"
#include "minecs/task/container_definitions.hpp"

namespace minecs::reconcile {

namespace {

// The ECS agent's wording for secrets it cannot fetch; the tail after it is ours.
const std::string secrets_prefix =
    "ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
    "retrieval failed: ";
const std::string ssm_prefix = secrets_prefix +
                               "unable to retrieve secrets from ssm: service call has been "
                               "retried 1 time(s): ";
const std::string asm_prefix = secrets_prefix +
                               "unable to retrieve secret from asm: service call has been "
                               "retried 1 time(s): ";
const std::string env_files_prefix = "ResourceInitializationError: failed to download env files: ";
const std::string no_secrets_file = " (minecs has no --secrets-file)";

// What a reference (a valueFrom, or a key of the secrets file) names.
struct reference {
  enum class kind { ssm, secret, bare, other } what = kind::other;
  std::string name;  // ssm: without a leading '/'; secret: as written, maybe with its suffix
  std::string region, account;  // empty unless an ARN
  std::string json_key, version_stage, version_id;
};

std::string without_leading_slash(const std::string& s) {
  return s.starts_with('/') ? s.substr(1) : s;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) {
      return out;
    }
    start = at + 1;
  }
}

const std::string secretsmanager_reference = "/aws/reference/secretsmanager/";

reference parse_reference(const std::string& s) {
  reference r;
  if (!s.starts_with("arn:")) {
    if (s.starts_with(secretsmanager_reference)) {
      // SSM's way of naming a Secrets Manager secret.
      r.what = reference::kind::secret;
      r.name = s.substr(secretsmanager_reference.size());
    } else {
      r.what = reference::kind::bare;
      r.name = s;
    }
    return r;
  }
  auto arn = parse_arn(s);
  if (!arn) {
    return r;
  }
  r.region = arn->region;
  r.account = arn->account;
  if (arn->service == "ssm" && arn->resource_type == "parameter" && arn->separator == '/') {
    r.what = reference::kind::ssm;
    r.name = without_leading_slash(arn->resource);
  } else if (arn->service == "secretsmanager" && arn->resource_type == "secret" &&
             arn->separator == ':') {
    // secret:<name>[:json-key[:version-stage[:version-id]]]; names cannot hold ':'.
    auto parts = split(arn->resource, ':');
    r.what = reference::kind::secret;
    r.name = parts[0];
    r.json_key = parts.size() > 1 ? parts[1] : "";
    r.version_stage = parts.size() > 2 ? parts[2] : "";
    r.version_id = parts.size() > 3 ? parts[3] : "";
  }
  return r;
}

// Secrets Manager appends '-' and six random characters to a secret's name in its ARN; a partial
// ARN leaves them out.
std::string without_random_suffix(const std::string& name) {
  if (name.size() > 7 && name[name.size() - 7] == '-' &&
      std::all_of(name.end() - 6, name.end(), [](unsigned char c) { return std::isalnum(c); })) {
    return name.substr(0, name.size() - 7);
  }
  return name;
}

bool secret_names_match(const std::string& a, const std::string& b) {
  return a == b || without_random_suffix(a) == b || a == without_random_suffix(b);
}

bool same_place(const reference& a, const reference& b) {
  // A name carries no region or account: it means the task's own.
  if (a.region.empty() || b.region.empty()) {
    return true;
  }
  return a.region == b.region && a.account == b.account;
}

bool names_parameter(const reference& key, const std::string& name, const reference& ref) {
  if (key.what == reference::kind::ssm) {
    return key.name == name && same_place(key, ref);
  }
  return key.what == reference::kind::bare && without_leading_slash(key.name) == name;
}

bool names_secret(const reference& key, const std::string& name, const reference& ref, bool exact) {
  auto match = [&](const std::string& k) {
    return exact ? k == name : secret_names_match(k, name);
  };
  if (key.what == reference::kind::secret) {
    return match(key.name) && same_place(key, ref);
  }
  return key.what == reference::kind::bare && match(key.name);
}

template <typename Match>
const json* find_key(const json& secrets, const Match& match) {
  for (const auto& [k, v] : secrets.items()) {
    if (match(parse_reference(k))) {
      return &v;
    }
  }
  return nullptr;
}

// A secret named exactly comes before one matched only by ignoring a random suffix, so that
// "api" never resolves to "api-tokens" when both exist.
const json* find_secret(const json& secrets, const std::string& name, const reference& ref) {
  for (bool exact : {true, false}) {
    if (const json* v = find_key(
            secrets, [&](const reference& k) { return names_secret(k, name, ref, exact); })) {
      return v;
    }
  }
  return nullptr;
}

std::string as_text(const json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// The JSON key a reference asks for, out of a secret's text (or the whole text without one).
std::variant<std::string, secret_failure> json_key_of(const json& value, const reference& ref) {
  if (ref.json_key.empty()) {
    return as_text(value);
  }
  // A secret holding JSON may be written as an object or as the string Secrets Manager stores.
  json object = value;
  if (value.is_string()) {
    object = json::parse(value.get<std::string>(), nullptr, false);
  }
  if (!object.is_object()) {
    return secret_failure{asm_prefix +
                          "retrieved secret from Secrets Manager did not contain json key " +
                          ref.json_key + ": the secret is not a JSON object"};
  }
  auto it = object.find(ref.json_key);
  if (it == object.end()) {
    return secret_failure{asm_prefix +
                          "retrieved secret from Secrets Manager did not contain json key " +
                          ref.json_key};
  }
  return as_text(*it);
}

std::variant<std::string, secret_failure> secret_value(const json& value, const reference& ref) {
  if (!ref.version_id.empty()) {
    return secret_failure{asm_prefix +
                          "ResourceNotFoundException: Secrets Manager can't find the specified "
                          "secret value for VersionId: " +
                          ref.version_id + " (the secrets file holds only AWSCURRENT)"};
  }
  if (!ref.version_stage.empty() && ref.version_stage != "AWSCURRENT") {
    return secret_failure{asm_prefix +
                          "ResourceNotFoundException: Secrets Manager can't find the specified "
                          "secret value for staging label: " +
                          ref.version_stage + " (the secrets file holds only AWSCURRENT)"};
  }
  return json_key_of(value, ref);
}

// The region a reference's resource is in: its ARN's, else the task's.
std::string region_of(const reference& ref, const std::string& task_region) {
  return ref.region.empty() ? task_region : ref.region;
}

bool other_account(const reference& ref, const std::string& account) {
  return !ref.account.empty() && !account.empty() && ref.account != account;
}

std::optional<std::string> stored_parameter(store::database& db, const reference& ref,
                                            const std::string& task_region) {
  auto region = region_of(ref, task_region);
  // An ARN drops a hierarchical name's leading '/'; a flat name has none.
  auto bare = without_leading_slash(ref.name);
  for (const auto& name : {"/" + bare, bare}) {
    if (auto p = store::find_ssm_parameter(db, region, name)) {
      return p->latest().value;
    }
  }
  return std::nullopt;
}

std::optional<store::secret_record> stored_secret(store::database& db, const reference& ref,
                                                  const std::string& value_from,
                                                  const std::string& task_region) {
  auto region = region_of(ref, task_region);
  if (value_from.starts_with("arn:")) {
    // The complete ARN of the secret is the reference up to its name.
    auto at = value_from.find(":secret:");
    if (at != std::string::npos) {
      if (auto s = store::find_secret_by_arn(db, value_from.substr(0, at + 8) + ref.name)) {
        return s;
      }
    }
  }
  return store::find_secret_by_name(db, region, ref.name);
}

std::variant<std::string, secret_failure> stored_secret_value(const store::secret_record& s,
                                                              const reference& ref,
                                                              const std::string& value_from) {
  if (s.deleted > 0) {
    return secret_failure{asm_prefix + "failed to fetch secret " + value_from +
                          " from secrets manager: InvalidRequestException: You can't perform this "
                          "operation on the secret because it was marked for deletion."};
  }
  auto stage = ref.version_stage.empty() && ref.version_id.empty() ? std::string("AWSCURRENT")
                                                                   : ref.version_stage;
  for (const auto& v : s.versions) {
    if ((!ref.version_id.empty() && v.id != ref.version_id) ||
        (!stage.empty() && std::find(v.stages.begin(), v.stages.end(), stage) == v.stages.end())) {
      continue;
    }
    if (!v.has_string) {
      // ECS passes only SecretString values to containers.
      return secret_failure{asm_prefix + "secret " + value_from +
                            " holds a SecretBinary, which ECS cannot pass to a container"};
    }
    return json_key_of(json(v.secret_string), ref);
  }
  return secret_failure{
      asm_prefix + "failed to fetch secret " + value_from +
      " from secrets manager: ResourceNotFoundException: Secrets Manager can't "
      "find the specified secret value for " +
      (ref.version_id.empty() ? "staging label: " + stage : "VersionId: " + ref.version_id)};
}

secret_failure parameter_not_found(const std::string& value_from, bool configured) {
  return {ssm_prefix + "invalid parameters: " + value_from + (configured ? "" : no_secrets_file)};
}

secret_failure secret_not_found(const std::string& value_from, bool configured) {
  return {asm_prefix + "failed to fetch secret " + value_from +
          " from secrets manager: ResourceNotFoundException: Secrets Manager can't find the "
          "specified secret." +
          (configured ? "" : no_secrets_file)};
}

const json empty_array = json::array();

const json& array_of(const json& obj, const char* key) {
  if (!obj.is_object()) {
    return empty_array;
  }
  auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? *it : empty_array;
}

// The environment files a container gets: an override's list replaces the definition's.
const json& environment_files(const json& def, const json* over) {
  if (over != nullptr && over->contains("environmentFiles") &&
      (*over)["environmentFiles"].is_array()) {
    return (*over)["environmentFiles"];
  }
  return array_of(def, "environmentFiles");
}

// The secrets file, read and parsed at most once per task.
class secrets_cache {
 public:
  explicit secrets_cache(const secret_sources& sources) : sources_(sources) {}

  std::variant<std::string, secret_failure> lookup(const std::string& value_from) {
    if (auto v = sources_.stored(value_from)) {
      return *v;
    }
    if (!loaded_) {
      loaded_ = true;
      auto file = sources_.secrets_file();
      if (file.state == secret_sources::status::ok) {
        auto parsed = parse_secrets_file(file.text, file.where);
        if (auto* f = std::get_if<secret_failure>(&parsed)) {
          failure_ = *f;
        } else {
          secrets_ = std::get<json>(std::move(parsed));
          configured_ = true;
        }
      } else if (file.state != secret_sources::status::not_configured) {
        failure_ = secret_failure{secrets_prefix + "minecs cannot read its secrets file " +
                                  file.where + ": " + file.text};
      }
    }
    if (failure_) {
      return *failure_;
    }
    return lookup_secret(secrets_, value_from, configured_ || sources_.has_stores());
  }

 private:
  const secret_sources& sources_;
  bool loaded_ = false;
  bool configured_ = false;
  json secrets_ = json::object();
  std::optional<secret_failure> failure_;
};

std::optional<secret_failure> read_environment_files(const json& files,
                                                     const secret_sources& sources, env_list& out) {
  for (const auto& f : files) {
    auto arn = f.is_object() ? f.value("value", "") : "";
    auto object = parse_s3_arn(arn);
    if (!object) {
      return secret_failure{env_files_prefix + arn +
                            ": not an S3 object ARN (arn:aws:s3:::bucket/key)"};
    }
    auto read = sources.s3_object(object->first, object->second);
    switch (read.state) {
      case secret_sources::status::ok:
        break;
      case secret_sources::status::not_configured:
        return secret_failure{env_files_prefix + arn +
                              ": minecs has no --s3-dir to read S3 objects from"};
      case secret_sources::status::missing:
        return secret_failure{env_files_prefix + arn +
                              ": NoSuchKey: The specified key does not exist. (minecs looked "
                              "for " +
                              read.where + ")"};
      case secret_sources::status::unreadable:
        return secret_failure{env_files_prefix + arn + ": cannot read " + read.where + ": " +
                              read.text};
    }
    // Between files the first one to set a variable wins (ECS: "processed from the top down").
    for (auto& [name, value] : parse_env_file(read.text)) {
      // A named copy: clang 14, which clang-tidy runs on, cannot capture a structured binding.
      const std::string& key = name;
      auto seen = std::find_if(out.begin(), out.end(), [&](auto& e) { return e.first == key; });
      if (seen == out.end()) {
        out.emplace_back(std::move(name), std::move(value));
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::variant<json, secret_failure> parse_secrets_file(const std::string& text,
                                                      const std::string& where) {
  auto fail = [&](const std::string& why) {
    return secret_failure{secrets_prefix + "minecs cannot read its secrets file " + where + ": " +
                          why};
  };
  json parsed;
  try {
    parsed = json::parse(text);
  } catch (const json::parse_error& e) {
    // Only the offset: the parser's own message quotes the text it last read, maybe a secret.
    return fail("not valid JSON (syntax error at byte " + std::to_string(e.byte) + ")");
  }
  if (!parsed.is_object()) {
    return fail("it must be a JSON object from a parameter or secret name or ARN to its value");
  }
  for (const auto& [k, v] : parsed.items()) {
    if (!v.is_string() && !v.is_object()) {
      return fail("the value of \"" + k + "\" must be a string or a JSON object");
    }
  }
  return parsed;
}

std::variant<std::string, secret_failure> lookup_secret(const json& secrets,
                                                        const std::string& value_from,
                                                        bool configured) {
  auto ref = parse_reference(value_from);
  switch (ref.what) {
    case reference::kind::ssm: {
      auto name = ref.name;
      if (const json* v = find_key(
              secrets, [&](const reference& k) { return names_parameter(k, name, ref); })) {
        return as_text(*v);
      }
      return parameter_not_found(value_from, configured);
    }
    case reference::kind::secret: {
      if (const json* v = find_secret(secrets, ref.name, ref)) {
        return secret_value(*v, ref);
      }
      return secret_not_found(value_from, configured);
    }
    case reference::kind::bare: {
      // ECS reads a name as a parameter of the task's region; minecs also takes a secret's name.
      auto name = without_leading_slash(ref.name);
      if (const json* v = find_key(
              secrets, [&](const reference& k) { return names_parameter(k, name, ref); })) {
        return as_text(*v);
      }
      if (const json* v = find_secret(secrets, ref.name, ref)) {
        return as_text(*v);
      }
      return parameter_not_found(value_from, configured);
    }
    case reference::kind::other:
      break;
  }
  return parameter_not_found(value_from, configured);
}

std::optional<secret_lookup> lookup_stored(store::database& db, const std::string& region,
                                           const std::string& account,
                                           const std::string& value_from) {
  auto ref = parse_reference(value_from);
  if (other_account(ref, account)) {
    return std::nullopt;
  }
  bool parameter = ref.what == reference::kind::ssm || ref.what == reference::kind::bare;
  bool secret = ref.what == reference::kind::secret || ref.what == reference::kind::bare;
  if (parameter) {
    if (auto v = stored_parameter(db, ref, region)) {
      return *v;
    }
  }
  if (secret) {
    if (auto s = stored_secret(db, ref, value_from, region)) {
      return stored_secret_value(*s, ref, value_from);
    }
  }
  return std::nullopt;
}

env_list parse_env_file(const std::string& text) {
  env_list out;
  for (auto line : split(text, '\n')) {
    if (line.ends_with('\r')) {
      line.pop_back();  // a CRLF line ends like an LF one, as Go's line scanner reads it
    }
    if (line.starts_with('#')) {
      continue;
    }
    auto eq = line.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == line.size()) {
      continue;
    }
    auto name = line.substr(0, eq);
    auto value = line.substr(eq + 1);
    // Within one file a later line replaces an earlier one, as with docker run --env-file.
    auto seen = std::find_if(out.begin(), out.end(), [&](auto& e) { return e.first == name; });
    if (seen != out.end()) {
      seen->second = std::move(value);
    } else {
      out.emplace_back(std::move(name), std::move(value));
    }
  }
  return out;
}

std::optional<std::pair<std::string, std::string>> parse_s3_arn(const std::string& arn) {
  // arn:aws:s3:::<bucket>/<key>: the bucket is what parse_arn calls the type.
  auto parsed = parse_arn(arn);
  if (!parsed || parsed->service != "s3" || !parsed->region.empty() || !parsed->account.empty() ||
      parsed->separator != '/' || parsed->resource_type.empty() || parsed->resource.empty()) {
    return std::nullopt;
  }
  return std::pair{parsed->resource_type, parsed->resource};
}

bool needs_secrets(const json& definition, const json& overrides) {
  for (const auto& def : array_of(definition, "containerDefinitions")) {
    const auto& lc = def.contains("logConfiguration") ? def["logConfiguration"] : json();
    if (!array_of(def, "secrets").empty() || !array_of(def, "environmentFiles").empty() ||
        !array_of(lc, "secretOptions").empty() || def.contains("repositoryCredentials")) {
      return true;
    }
  }
  for (const auto& o : array_of(overrides, "containerOverrides")) {
    if (!array_of(o, "environmentFiles").empty()) {
      return true;
    }
  }
  return false;
}

std::variant<std::map<std::string, container_secrets>, secret_failure> resolve_task_secrets(
    const json& definition, const json& overrides, const secret_sources& sources) {
  std::map<std::string, container_secrets> out;
  secrets_cache cache(sources);
  for (const auto& def : array_of(definition, "containerDefinitions")) {
    auto name = def.value("name", "");
    auto& mine = out[name];
    for (const auto& s : array_of(def, "secrets")) {
      auto value = cache.lookup(s.value("valueFrom", ""));
      if (auto* f = std::get_if<secret_failure>(&value)) {
        return *f;
      }
      mine.secret_env.emplace_back(s.value("name", ""), std::get<std::string>(std::move(value)));
    }
    const auto& lc = def.contains("logConfiguration") ? def["logConfiguration"] : json();
    for (const auto& s : array_of(lc, "secretOptions")) {
      auto value = cache.lookup(s.value("valueFrom", ""));
      if (auto* f = std::get_if<secret_failure>(&value)) {
        return *f;
      }
      mine.log_options[s.value("name", "")] = std::get<std::string>(std::move(value));
    }
    if (auto rc = def.find("repositoryCredentials"); rc != def.end() && rc->is_object()) {
      // The image is local, so the credentials go nowhere; but ECS fails when they don't resolve.
      auto value = cache.lookup(rc->value("credentialsParameter", ""));
      if (auto* f = std::get_if<secret_failure>(&value)) {
        return *f;
      }
    }
    const json& files = environment_files(def, task::find_container_override(overrides, name));
    if (auto f = read_environment_files(files, sources, mine.file_env)) {
      return *f;
    }
  }
  return out;
}

}  // namespace minecs::reconcile
