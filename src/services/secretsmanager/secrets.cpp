#include <algorithm>
#include <cctype>
#include <cmath>

#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::secretsmanager {

namespace {

void check_name(const std::string& name) {
  bool valid = std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) ||
           std::string_view("/_+=.@-!").find(static_cast<char>(c)) != std::string_view::npos;
  });
  if (!valid) {
    throw service_error("InvalidParameterException",
                        "Invalid name. Must be a valid name containing alphanumeric characters, or "
                        "any of the following: -/_+=.@!");
  }
}

// Six random letters and digits, as Secrets Manager appends to a secret's name in its ARN.
std::string random_suffix(api::request_context& ctx) {
  static constexpr std::string_view chars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  auto hex = ctx.ids.hex32();
  std::string out;
  for (std::size_t i = 0; i < 6; ++i) {
    auto byte = std::stoul(hex.substr(i * 2, 2), nullptr, 16);
    out += chars[byte % chars.size()];
  }
  return out;
}

std::vector<store::tag> tags_from_list(const json& input) {
  std::vector<store::tag> out;
  for (const auto& t : api::member_or(input, "Tags", no_items())) {
    out.push_back({api::str(t, "Key"), api::str(t, "Value")});
  }
  return out;
}

json create_secret(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "Name");
  check_name(name);
  auto tags = tags_from_list(input);
  return ctx.db.write([&] {
    purge_expired(ctx);
    if (auto existing = store::find_secret_by_name(ctx.db, ctx.scope.region, name)) {
      if (existing->deleted > 0) {
        throw invalid_request(
            "You can't create this secret because a secret with this name is already scheduled "
            "for deletion.");
      }
      throw service_error("ResourceExistsException",
                          "The operation failed because the secret " + name + " already exists.");
    }
    store::secret_record s;
    s.region = ctx.scope.region;
    s.name = name;
    s.arn = make_arn(ctx.scope, "secretsmanager", "secret:" + name + "-" + random_suffix(ctx));
    s.description = api::str(input, "Description");
    s.kms_key_id = api::str(input, "KmsKeyId");
    s.created = s.last_changed = now_seconds(ctx);
    json out{{"ARN", s.arn}, {"Name", s.name}, {"ReplicationStatus", json::array()}};
    if (has_value(input)) {
      auto id = version_id_of(ctx, input);
      add_version(ctx, s, id, input, {current_stage});
      out["VersionId"] = id;
    }
    store::put_secret(ctx.db, s);
    if (!tags.empty()) {
      store::put_tags(ctx.db, s.arn, tags);
    }
    return out;
  });
}

json get_secret_value(api::request_context& ctx, const json& input) {
  auto version_id = api::opt_str(input, "VersionId");
  auto stage = api::opt_str(input, "VersionStage");
  auto secret_id = api::str(input, "SecretId");
  // Secrets Manager records the day of the last access: written once a day, not every read, so
  // that a read takes no write transaction (nor wakes what waits on the store's changes).
  auto day = std::floor(now_seconds(ctx) / 86400.0) * 86400.0;
  bool touched = false;
  auto out = ctx.db.read([&] {
    auto s = require_live_secret(ctx, secret_id);
    auto want_stage = stage.value_or(version_id ? "" : current_stage);
    auto v = std::find_if(s.versions.begin(), s.versions.end(), [&](const auto& e) {
      return (!version_id || e.id == *version_id) &&
             (want_stage.empty() ||
              std::find(e.stages.begin(), e.stages.end(), want_stage) != e.stages.end());
    });
    if (v == s.versions.end()) {
      throw service_error("ResourceNotFoundException",
                          version_id ? "Secrets Manager can't find the specified secret value for "
                                       "VersionId: " +
                                           *version_id
                                     : "Secrets Manager can't find the specified secret value "
                                       "for staging label: " +
                                           want_stage);
    }
    touched = v->last_accessed != day || s.last_accessed != day;
    json found{{"ARN", s.arn},
               {"Name", s.name},
               {"VersionId", v->id},
               {"VersionStages", v->stages},
               {"CreatedDate", v->created}};
    if (v->has_string) {
      found["SecretString"] = v->secret_string;
    }
    if (v->has_binary) {
      found["SecretBinary"] = v->secret_binary;
    }
    return found;
  });
  if (touched) {
    auto read_version = out["VersionId"].get<std::string>();
    ctx.db.write([&] {
      // Whatever changed in between, the access is recorded on what is still there.
      auto s = store::find_secret_by_arn(ctx.db, out["ARN"].get<std::string>());
      if (!s) {
        return;
      }
      s->last_accessed = day;
      for (auto& v : s->versions) {
        if (v.id == read_version) {
          v.last_accessed = day;
        }
      }
      store::put_secret(ctx.db, *s);
    });
  }
  return out;
}

json put_secret_value(api::request_context& ctx, const json& input) {
  auto stages = api::has(input, "VersionStages") ? api::str_list(input, "VersionStages")
                                                 : std::vector<std::string>{current_stage};
  return ctx.db.write([&] {
    auto s = require_live_secret(ctx, api::str(input, "SecretId"));
    auto id = version_id_of(ctx, input);
    auto now_stages = add_version(ctx, s, id, input, stages);
    store::put_secret(ctx.db, s);
    return json{{"ARN", s.arn}, {"Name", s.name}, {"VersionId", id}, {"VersionStages", now_stages}};
  });
}

json update_secret(api::request_context& ctx, const json& input) {
  return ctx.db.write([&] {
    auto s = require_live_secret(ctx, api::str(input, "SecretId"));
    json out{{"ARN", s.arn}, {"Name", s.name}};
    if (api::has(input, "Description")) {
      s.description = api::str(input, "Description");
    }
    if (api::has(input, "KmsKeyId")) {
      s.kms_key_id = api::str(input, "KmsKeyId");
    }
    s.last_changed = now_seconds(ctx);
    if (has_value(input)) {
      auto id = version_id_of(ctx, input);
      add_version(ctx, s, id, input, {current_stage});
      out["VersionId"] = id;
    }
    store::put_secret(ctx.db, s);
    return out;
  });
}

json describe_secret(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto s = require_secret(ctx, api::str(input, "SecretId"));
    json out{{"ARN", s.arn},
             {"Name", s.name},
             {"RotationEnabled", false},
             {"LastChangedDate", s.last_changed},
             {"CreatedDate", s.created},
             {"Tags", render_tags(ctx, s)},
             {"VersionIdsToStages", versions_to_stages(s)}};
    if (!s.description.empty()) {
      out["Description"] = s.description;
    }
    if (!s.kms_key_id.empty()) {
      out["KmsKeyId"] = s.kms_key_id;
    }
    if (s.last_accessed > 0) {
      out["LastAccessedDate"] = s.last_accessed;
    }
    if (s.deleted > 0) {
      out["DeletedDate"] = s.deleted;
    }
    return out;
  });
}

json list_secret_version_ids(api::request_context& ctx, const json& input) {
  bool deprecated = api::boolean(input, "IncludeDeprecated");
  return ctx.db.read([&] {
    auto s = require_secret(ctx, api::str(input, "SecretId"));
    json versions = json::array();
    for (const auto& v : s.versions) {
      if (v.stages.empty() && !deprecated) {
        continue;
      }
      json e{{"VersionId", v.id}, {"VersionStages", v.stages}, {"CreatedDate", v.created}};
      if (v.last_accessed > 0) {
        e["LastAccessedDate"] = v.last_accessed;
      }
      versions.push_back(e);
    }
    return json{{"ARN", s.arn}, {"Name", s.name}, {"Versions", versions}};
  });
}

json update_secret_version_stage(api::request_context& ctx, const json& input) {
  auto stage = api::str(input, "VersionStage");
  auto move_to = api::opt_str(input, "MoveToVersionId");
  auto remove_from = api::opt_str(input, "RemoveFromVersionId");
  return ctx.db.write([&] {
    auto s = require_live_secret(ctx, api::str(input, "SecretId"));
    auto holder = std::find_if(s.versions.begin(), s.versions.end(), [&](const auto& v) {
      return std::find(v.stages.begin(), v.stages.end(), stage) != v.stages.end();
    });
    std::string held_by = holder == s.versions.end() ? "" : holder->id;
    if (!held_by.empty() && held_by != move_to.value_or("") &&
        held_by != remove_from.value_or("")) {
      throw service_error("InvalidParameterException",
                          "The parameter RemoveFromVersionId can't be empty. Staging label " +
                              stage + " is currently attached to version " + held_by +
                              ", so you must explicitly reference that version in "
                              "RemoveFromVersionId.");
    }
    if (move_to) {
      if (std::none_of(s.versions.begin(), s.versions.end(),
                       [&](const auto& v) { return v.id == *move_to; })) {
        throw service_error("ResourceNotFoundException",
                            "Secrets Manager can't find the specified secret version.");
      }
      if (stage == current_stage && !held_by.empty() && held_by != *move_to) {
        move_stage(s, previous_stage, held_by);
      }
      move_stage(s, stage, *move_to);
    } else if (remove_from) {
      for (auto& v : s.versions) {
        if (v.id == *remove_from) {
          std::erase(v.stages, stage);
        }
      }
    }
    s.last_changed = now_seconds(ctx);
    store::put_secret(ctx.db, s);
    return json{{"ARN", s.arn}, {"Name", s.name}};
  });
}

}  // namespace

void add_secret_handlers(api::handler_table& table) {
  table.add("CreateSecret", create_secret);
  table.add("UpdateSecret", update_secret);
  table.add("DescribeSecret", describe_secret);
}

void add_value_handlers(api::handler_table& table) {
  table.add("GetSecretValue", get_secret_value);
  table.add("PutSecretValue", put_secret_value);
  table.add("ListSecretVersionIds", list_secret_version_ids);
  table.add("UpdateSecretVersionStage", update_secret_version_stage);
}

}  // namespace minecs::secretsmanager
