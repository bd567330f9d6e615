#include "common.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::ssm {

namespace {

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() < 19 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// The path a name sits directly under: "/a/b" for "/a/b/c", "/" for "/c", "" for "c".
std::string parent_path(const std::string& name) {
  auto at = name.rfind('/');
  if (at == std::string::npos) {
    return {};
  }
  return at == 0 ? "/" : name.substr(0, at);
}

std::string with_trailing_slash(std::string path) {
  if (!path.ends_with('/')) {
    path += '/';
  }
  return path;
}

bool matches_option(const std::string& option, const std::string& have, const std::string& want) {
  if (option == "BeginsWith") {
    return have.starts_with(want);
  }
  if (option == "Contains") {
    return have.find(want) != std::string::npos;
  }
  return have == want;
}

bool any_value(const string_filter& f, const std::string& have) {
  return std::any_of(f.values.begin(), f.values.end(),
                     [&](const std::string& v) { return matches_option(f.option, have, v); });
}

}  // namespace

double now_seconds(const api::request_context& ctx) {
  // Milliseconds, as SSM's LastModifiedDate carries.
  return std::floor(ctx.clock.now() * 1000.0) / 1000.0;
}

std::string parameter_arn(const scope& s, const std::string& name) {
  return make_arn(s, "ssm", "parameter/" + (name.starts_with('/') ? name.substr(1) : name));
}

std::string modifying_user(const scope& s) {
  return "arn:aws:iam::" + s.account + ":root";
}

parameter_reference parse_reference(const api::request_context& ctx, const std::string& text,
                                    bool selectors) {
  parameter_reference ref;
  std::string rest = text;
  if (text.starts_with("arn:")) {
    auto arn = parse_arn(text);
    if (arn && arn->service == "ssm" && arn->resource_type == "parameter" &&
        arn->separator == '/' && arn->region == ctx.scope.region &&
        arn->account == ctx.scope.account) {
      rest = "/" + arn->resource;
    } else {
      ref.name = text;
      return ref;
    }
  }
  auto colon = rest.rfind(':');
  if (selectors && colon != std::string::npos) {
    auto sel = rest.substr(colon + 1);
    ref.selector = rest.substr(colon);
    rest.resize(colon);
    if (all_digits(sel)) {
      ref.version = std::stoll(sel);
    } else {
      ref.label = sel;
    }
  }
  ref.name = rest;
  if (text.starts_with("arn:")) {
    ref.other_name = rest.substr(1);
  }
  return ref;
}

std::optional<store::ssm_parameter> find_parameter(api::request_context& ctx,
                                                   parameter_reference& ref) {
  auto p = store::find_ssm_parameter(ctx.db, ctx.scope.region, ref.name);
  if (!p && !ref.other_name.empty() && ref.other_name.find('/') == std::string::npos) {
    p = store::find_ssm_parameter(ctx.db, ctx.scope.region, ref.other_name);
    if (p) {
      ref.name = ref.other_name;
    }
  }
  return p;
}

const store::ssm_parameter_version* select_version(const store::ssm_parameter& p,
                                                   const parameter_reference& ref) {
  for (auto it = p.versions.rbegin(); it != p.versions.rend(); ++it) {
    if (ref.version && it->version != *ref.version) {
      continue;
    }
    if (ref.label &&
        std::find(it->labels.begin(), it->labels.end(), *ref.label) == it->labels.end()) {
      continue;
    }
    return &*it;
  }
  return nullptr;
}

void check_name(const std::string& name) {
  auto bare = name.starts_with('/') ? name.substr(1) : name;
  auto lower = lowercase(bare);
  if (lower.starts_with("aws") || lower.starts_with("ssm")) {
    throw validation(
        "No access to reserved parameter name: " + name +
        ". Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
  }
  if (name.find('/') != std::string::npos && !name.starts_with('/')) {
    throw validation("Parameter name must be a fully qualified name.");
  }
  bool valid = !bare.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '.' || c == '-' || c == '/';
  });
  if (!valid || name.find("//") != std::string::npos || name.ends_with('/')) {
    throw validation(
        "Parameter name: can contain only the following symbols and letters: a-zA-Z0-9_.-/ and "
        "must not end with /");
  }
  if (static_cast<std::size_t>(std::count(name.begin(), name.end(), '/')) > max_hierarchy_levels) {
    throw service_error("HierarchyLevelLimitExceededException",
                        "A hierarchy can have a maximum of 15 levels. For more information, see "
                        "Requirements and constraints for parameter names in the AWS Systems "
                        "Manager User Guide.");
  }
}

std::string ciphertext_of(const store::ssm_parameter_version& v) {
  return api::base64_encode("minecs-kms:" + v.key_id + ":" + std::to_string(v.version) + ":" +
                            api::base64_encode(v.value));
}

std::string next_token(const char* listing, const json& after) {
  return api::encode_page_token(api::make_page_cursor(listing, after));
}

json filtered_page(const api::request_context& ctx, const json& input, const char* listing,
                   const std::vector<string_filter>& filters, long long limit,
                   const std::function<json(const store::ssm_parameter&)>& render) {
  auto after = token_position(input, listing);
  return ctx.db.read([&] {
    json out{{"Parameters", json::array()}};
    std::string last;
    for (const auto& p : store::list_ssm_parameters(ctx.db, ctx.scope.region)) {
      if ((after.is_string() && p.name <= after.get<std::string>()) || !passes(ctx, p, filters)) {
        continue;
      }
      if (static_cast<long long>(out["Parameters"].size()) == limit) {
        out["NextToken"] = next_token(listing, last);
        break;
      }
      out["Parameters"].push_back(render(p));
      last = p.name;
    }
    return out;
  });
}

json token_position(const json& input, const char* listing) {
  if (!api::has(input, "NextToken")) {
    return nullptr;
  }
  try {
    return api::decode_page_token(api::str(input, "NextToken"), listing);
  } catch (const service_error&) {
    throw invalid_next_token();
  }
}

std::vector<string_filter> read_filters(const json& input,
                                        const std::vector<std::string>& allowed) {
  std::vector<string_filter> out;
  for (const auto& f : api::member_or(input, "ParameterFilters", no_items())) {
    string_filter sf;
    sf.key = api::str(f, "Key");
    sf.values = api::str_list(f, "Values");
    bool is_tag = sf.key.starts_with("tag:");
    if (!is_tag && std::find(allowed.begin(), allowed.end(), sf.key) == allowed.end()) {
      std::string keys;
      for (const auto& k : allowed) {
        keys += (keys.empty() ? "" : ", ") + k;
      }
      throw service_error("InvalidFilterKey", "The following filter key is not valid: " + sf.key +
                                                  ". Valid filter keys include: [" + keys + "].");
    }
    if (sf.key == "Path") {
      sf.option = api::str(f, "Option", "OneLevel");
      if (sf.option != "OneLevel" && sf.option != "Recursive") {
        throw service_error("InvalidFilterOption",
                            "The following filter option is not valid: " + sf.option +
                                ". Valid options include: [Recursive, OneLevel].");
      }
    } else {
      sf.option = api::str(f, "Option", "Equals");
      bool contains_ok = sf.key == "Name" || is_tag;
      bool begins_ok = sf.key != "Type" && sf.key != "Tier" && sf.key != "DataType";
      if (sf.option != "Equals" && !(sf.option == "BeginsWith" && begins_ok) &&
          !(sf.option == "Contains" && contains_ok)) {
        throw service_error("InvalidFilterOption",
                            "The following filter option is not valid: " + sf.option +
                                ". Valid options include: [Equals" +
                                (begins_ok ? ", BeginsWith" : "") +
                                (contains_ok ? ", Contains" : "") + "].");
      }
    }
    if (sf.values.empty() && !is_tag) {
      throw service_error(
          "InvalidFilterValue",
          "The following filter values are missing : null for filter key " + sf.key + ".");
    }
    out.push_back(std::move(sf));
  }
  return out;
}

bool passes(const api::request_context& ctx, const store::ssm_parameter& p,
            const std::vector<string_filter>& filters) {
  const auto& v = p.latest();
  for (const auto& f : filters) {
    bool ok = true;
    if (f.key == "Name") {
      // Names match with or without their leading '/', as SSM compares them.
      auto bare = p.name.starts_with('/') ? p.name.substr(1) : p.name;
      ok = std::any_of(f.values.begin(), f.values.end(), [&](const std::string& want) {
        auto w = want.starts_with('/') ? want.substr(1) : want;
        return matches_option(f.option, bare, w);
      });
    } else if (f.key == "Type") {
      ok = any_value(f, v.type);
    } else if (f.key == "KeyId") {
      ok = v.type == "SecureString" && any_value(f, v.key_id);
    } else if (f.key == "Tier") {
      ok = any_value(f, v.tier);
    } else if (f.key == "DataType") {
      ok = any_value(f, v.data_type);
    } else if (f.key == "Label") {
      ok = std::any_of(v.labels.begin(), v.labels.end(),
                       [&](const std::string& l) { return any_value(f, l); });
    } else if (f.key == "Path") {
      ok = std::any_of(f.values.begin(), f.values.end(), [&](const std::string& path) {
        if (f.option == "Recursive") {
          return p.name.starts_with(with_trailing_slash(path));
        }
        auto parent = parent_path(p.name);
        return parent == path || with_trailing_slash(parent) == with_trailing_slash(path);
      });
    } else if (f.key.starts_with("tag:")) {
      auto key = f.key.substr(4);
      auto tags = store::tags_of(ctx.db, parameter_arn(ctx.scope, p.name));
      ok = std::any_of(tags.begin(), tags.end(), [&](const store::tag& t) {
        return t.key == key && (f.values.empty() || any_value(f, t.value));
      });
    }
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace minecs::ssm
