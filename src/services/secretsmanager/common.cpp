#include "common.hpp"

#include <algorithm>
#include <cmath>

#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::secretsmanager {

namespace {

bool has_stage(const store::secret_version& v, const std::string& stage) {
  return std::find(v.stages.begin(), v.stages.end(), stage) != v.stages.end();
}

std::optional<store::secret_record> find_by_id(api::request_context& ctx, const std::string& id) {
  if (!id.starts_with("arn:")) {
    return store::find_secret_by_name(ctx.db, ctx.scope.region, id);
  }
  if (auto s = store::find_secret_by_arn(ctx.db, id)) {
    return s;
  }
  // A partial ARN: the name without the random suffix.
  auto arn = parse_arn(id);
  if (!arn || arn->service != "secretsmanager" || arn->resource_type != "secret" ||
      arn->region != ctx.scope.region || arn->account != ctx.scope.account) {
    return std::nullopt;
  }
  return store::find_secret_by_name(ctx.db, ctx.scope.region, arn->resource);
}

}  // namespace

double now_seconds(const api::request_context& ctx) {
  return std::floor(ctx.clock.now() * 1000.0) / 1000.0;
}

void purge_expired(api::request_context& ctx) {
  auto now = now_seconds(ctx);
  for (const auto& s : store::list_secrets(ctx.db, ctx.scope.region)) {
    if (s.deleted > 0 && s.deletion_date <= now) {
      store::delete_secret(ctx.db, s.arn);
      store::drop_tags(ctx.db, s.arn);
    }
  }
}

store::secret_record require_secret(api::request_context& ctx, const std::string& secret_id) {
  auto s = find_by_id(ctx, secret_id);
  // One whose window has passed is gone, even before a write purges it.
  if (!s || (s->deleted > 0 && s->deletion_date <= now_seconds(ctx))) {
    throw secret_not_found();
  }
  return *s;
}

store::secret_record require_live_secret(api::request_context& ctx, const std::string& secret_id) {
  auto s = require_secret(ctx, secret_id);
  if (s.deleted > 0) {
    throw marked_for_deletion();
  }
  return s;
}

std::string version_id_of(api::request_context& ctx, const json& input) {
  return api::has(input, "ClientRequestToken") ? api::str(input, "ClientRequestToken")
                                               : ctx.ids.uuid();
}

bool has_value(const json& input) {
  return api::has(input, "SecretString") || api::has(input, "SecretBinary");
}

void move_stage(store::secret_record& s, const std::string& stage, const std::string& to) {
  for (auto& v : s.versions) {
    if (v.id != to) {
      std::erase(v.stages, stage);
    } else if (!has_stage(v, stage)) {
      v.stages.push_back(stage);
    }
  }
}

std::vector<std::string> add_version(api::request_context& ctx, store::secret_record& s,
                                     const std::string& id, const json& input,
                                     const std::vector<std::string>& stages) {
  bool is_string = api::has(input, "SecretString");
  bool is_binary = api::has(input, "SecretBinary");
  if (is_string && is_binary) {
    throw service_error("InvalidParameterException",
                        "You can't specify both a binary secret value and a string secret value "
                        "in the same secret.");
  }
  if (!is_string && !is_binary) {
    throw service_error("InvalidParameterException",
                        "You must provide either SecretString or SecretBinary.");
  }
  store::secret_version v;
  v.id = id;
  v.has_string = is_string;
  v.secret_string = api::str(input, "SecretString");
  v.has_binary = is_binary;
  v.secret_binary = api::str(input, "SecretBinary");
  v.created = now_seconds(ctx);
  auto same =
      std::find_if(s.versions.begin(), s.versions.end(), [&](const auto& e) { return e.id == id; });
  if (same != s.versions.end()) {
    if (same->has_string != v.has_string || same->secret_string != v.secret_string ||
        same->secret_binary != v.secret_binary) {
      throw service_error("ResourceExistsException",
                          "You can't modify an existing version, you can only create a new "
                          "version.");
    }
    return same->stages;
  }
  s.versions.push_back(v);
  for (const auto& stage : stages) {
    if (stage == current_stage) {
      auto old = std::find_if(s.versions.begin(), s.versions.end(),
                              [&](const auto& e) { return has_stage(e, current_stage); });
      if (old != s.versions.end()) {
        move_stage(s, previous_stage, old->id);
      }
    }
    move_stage(s, stage, id);
  }
  s.last_changed = v.created;
  return s.versions.back().stages;
}

json versions_to_stages(const store::secret_record& s) {
  json out = json::object();
  for (const auto& v : s.versions) {
    if (!v.stages.empty()) {
      out[v.id] = v.stages;
    }
  }
  return out;
}

json render_tags(api::request_context& ctx, const store::secret_record& s) {
  json out = json::array();
  for (const auto& t : store::tags_of(ctx.db, s.arn)) {
    out.push_back({{"Key", t.key}, {"Value", t.value}});
  }
  return out;
}

}  // namespace minecs::secretsmanager
