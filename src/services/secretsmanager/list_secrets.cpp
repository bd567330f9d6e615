#include <algorithm>

#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::secretsmanager {

namespace {

struct filter {
  std::string key;
  std::vector<std::string> values;
};

// What a filter's values are matched against: each by prefix, a value starting with '!' by its
// negation.
std::vector<std::string> fields_of(const std::string& key, const store::secret_record& s,
                                   const std::vector<store::tag>& tags) {
  std::vector<std::string> out;
  if (key == "name" || key == "all") {
    out.push_back(s.name);
  }
  if (key == "description" || key == "all") {
    out.push_back(s.description);
  }
  if (key == "primary-region" || key == "all") {
    out.push_back(s.region);
  }
  for (const auto& t : tags) {
    if (key == "tag-key" || key == "all") {
      out.push_back(t.key);
    }
    if (key == "tag-value" || key == "all") {
      out.push_back(t.value);
    }
  }
  return out;
}

bool passes(const filter& f, const std::vector<std::string>& fields) {
  // Values of one filter are alternatives; a negated one excludes what it matches.
  bool any_positive = false;
  bool matched = false;
  for (const auto& value : f.values) {
    bool negated = value.starts_with('!');
    auto want = negated ? value.substr(1) : value;
    bool hit = std::any_of(fields.begin(), fields.end(),
                           [&](const std::string& have) { return have.starts_with(want); });
    if (negated && hit) {
      return false;
    }
    if (!negated) {
      any_positive = true;
      matched = matched || hit;
    }
  }
  return !any_positive || matched;
}

json list_secrets(api::request_context& ctx, const json& input) {
  std::vector<filter> filters;
  for (const auto& f : api::member_or(input, "Filters", no_items())) {
    filters.push_back({api::str(f, "Key"), api::str_list(f, "Values")});
  }
  bool planned = api::boolean(input, "IncludePlannedDeletion");
  auto limit = api::opt_int(input, "MaxResults").value_or(100);
  bool descending = api::str(input, "SortOrder", "asc") == "desc";
  std::string after;
  if (api::has(input, "NextToken")) {
    try {
      after =
          api::decode_page_token(api::str(input, "NextToken"), "ListSecrets").get<std::string>();
    } catch (const std::exception&) {
      throw service_error("InvalidNextTokenException", "The NextToken value is invalid.");
    }
  }
  return ctx.db.read([&] {
    auto secrets = store::list_secrets(ctx.db, ctx.scope.region);
    if (descending) {
      std::reverse(secrets.begin(), secrets.end());
    }
    json out{{"SecretList", json::array()}};
    std::string last;
    bool past = after.empty();
    for (const auto& s : secrets) {
      if (!past) {
        past = s.name == after;
        continue;
      }
      if ((s.deleted > 0 && !planned) || (s.deleted > 0 && s.deletion_date <= now_seconds(ctx))) {
        continue;
      }
      auto tags = store::tags_of(ctx.db, s.arn);
      if (!std::all_of(filters.begin(), filters.end(),
                       [&](const filter& f) { return passes(f, fields_of(f.key, s, tags)); })) {
        continue;
      }
      if (static_cast<long long>(out["SecretList"].size()) == limit) {
        out["NextToken"] = api::encode_page_token(api::make_page_cursor("ListSecrets", last));
        break;
      }
      json e{{"ARN", s.arn},
             {"Name", s.name},
             {"LastChangedDate", s.last_changed},
             {"CreatedDate", s.created},
             {"Tags", render_tags(ctx, s)},
             {"SecretVersionsToStages", versions_to_stages(s)}};
      if (!s.description.empty()) {
        e["Description"] = s.description;
      }
      if (s.last_accessed > 0) {
        e["LastAccessedDate"] = s.last_accessed;
      }
      if (s.deleted > 0) {
        e["DeletedDate"] = s.deleted;
      }
      out["SecretList"].push_back(e);
      last = s.name;
    }
    return out;
  });
}

}  // namespace

void add_list_handlers(api::handler_table& table) {
  table.add("ListSecrets", list_secrets);
}

}  // namespace minecs::secretsmanager
