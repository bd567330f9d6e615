#include "common.hpp"

#include <cmath>
#include <set>

#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"

namespace minecs::iam {

namespace {

const json& statements_of(const json& doc) {
  auto it = doc.find("Statement");
  if (it == doc.end()) {
    throw malformed_policy("Missing required field Statement");
  }
  if (!it->is_object() && !(it->is_array() && !it->empty())) {
    throw malformed_policy("Syntax errors in policy.");
  }
  return *it;
}

void check_statement(const json& s, policy_kind kind) {
  if (!s.is_object()) {
    throw malformed_policy("Syntax errors in policy.");
  }
  auto effect = s.find("Effect");
  if (effect == s.end()) {
    throw malformed_policy("Missing required field Effect");
  }
  if (!effect->is_string() || (*effect != "Allow" && *effect != "Deny")) {
    throw malformed_policy("Invalid effect: " +
                           (effect->is_string() ? effect->get<std::string>() : effect->dump()));
  }
  bool actions = s.contains("Action") || s.contains("NotAction");
  bool principals = s.contains("Principal") || s.contains("NotPrincipal");
  bool resources = s.contains("Resource") || s.contains("NotResource");
  if (kind == policy_kind::identity) {
    if (principals) {
      throw malformed_policy("Policy document should not specify a principal.");
    }
    if (!actions) {
      throw malformed_policy("Policy statement must contain actions.");
    }
    if (!resources) {
      throw malformed_policy("Policy statement must contain resources.");
    }
    return;
  }
  if (!principals) {
    throw malformed_policy("Missing required field Principal");
  }
  if (!actions) {
    throw malformed_policy("Missing required field Action");
  }
  if (resources) {
    throw malformed_policy("Has prohibited field Resource");
  }
}

std::string tag_key(const store::iam_tag& t) {
  return store::iam_key(t.key);
}

}  // namespace

std::size_t check_policy_document(const std::string& text, policy_kind kind) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception&) {
    throw malformed_policy("Syntax errors in policy.");
  }
  if (!doc.is_object()) {
    throw malformed_policy("Syntax errors in policy.");
  }
  auto version = doc.find("Version");
  if (version != doc.end() &&
      (!version->is_string() || (*version != "2012-10-17" && *version != "2008-10-17"))) {
    throw malformed_policy("The policy failed legacy parsing");
  }
  const auto& statements = statements_of(doc);
  if (statements.is_object()) {
    check_statement(statements, kind);
  } else {
    for (const auto& s : statements) {
      check_statement(s, kind);
    }
  }
  return doc.dump().size();
}

std::string url_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 2);
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0x0f];
    }
  }
  return out;
}

std::string new_id(api::request_context& ctx, std::string_view prefix) {
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  auto hex = ctx.ids.hex32() + ctx.ids.hex32();
  std::string out(prefix);
  for (std::size_t i = 0; out.size() < prefix.size() + 17; i += 2) {
    auto byte = std::stoul(hex.substr(i, 2), nullptr, 16);
    out += alphabet[byte % alphabet.size()];
  }
  return out;
}

double now_seconds(const api::request_context& ctx) {
  return std::floor(ctx.clock.now());
}

std::string role_arn(const api::request_context& ctx, const store::iam_role& r) {
  return "arn:aws:iam::" + ctx.scope.account + ":role" + r.path + r.name;
}

std::string instance_profile_arn(const api::request_context& ctx,
                                 const store::iam_instance_profile& p) {
  return "arn:aws:iam::" + ctx.scope.account + ":instance-profile" + p.path + p.name;
}

std::string policy_arn(const std::string& account, const store::iam_policy& p) {
  return "arn:aws:iam::" + account + ":policy" + p.path + p.name;
}

std::optional<store::iam_role> find_role(api::request_context& ctx, const std::string& name) {
  return store::find_iam<store::iam_role>(ctx.db, name);
}

store::iam_role get_role(api::request_context& ctx, const std::string& name) {
  auto r = find_role(ctx, name);
  if (!r) {
    throw no_such_entity("The role with name " + name + " cannot be found.");
  }
  return *r;
}

policy_ref get_policy(api::request_context& ctx, const std::string& arn) {
  static const std::string prefix = "arn:aws:iam::";
  auto colon = arn.find(':', prefix.size());
  if (arn.rfind(prefix, 0) != 0 || colon == std::string::npos ||
      arn.compare(colon + 1, 7, "policy/") != 0) {
    throw invalid_input("ARN " + arn + " is not valid.");
  }
  auto not_found = no_such_entity("Policy " + arn + " does not exist or is not attachable.");
  auto account = arn.substr(prefix.size(), colon - prefix.size());
  if (account == "aws") {
    const auto* p = find_aws_managed_policy(arn);
    if (p == nullptr) {
      throw not_found;
    }
    return {*p, true, arn};
  }
  auto name = arn.substr(arn.rfind('/') + 1);
  auto p = store::find_iam<store::iam_policy>(ctx.db, name);
  if (account != ctx.scope.account || !p || policy_arn(account, *p) != arn) {
    throw not_found;
  }
  return {*p, false, arn};
}

policy_ref get_own_policy(api::request_context& ctx, const std::string& arn) {
  auto p = get_policy(ctx, arn);
  if (p.aws_managed) {
    throw invalid_input("Cannot modify AWS managed policy " + arn + ".");
  }
  return p;
}

int attachment_count(api::request_context& ctx, const std::string& arn) {
  int n = 0;
  for (const auto& r : store::list_iam<store::iam_role>(ctx.db)) {
    for (const auto& a : r.attached_policies) {
      n += a == arn ? 1 : 0;
    }
  }
  return n;
}

const store::iam_policy* find_aws_managed_policy(std::string_view arn) {
  for (const auto& p : aws_managed_policies()) {
    if (policy_arn("aws", p) == arn) {
      return &p;
    }
  }
  return nullptr;
}

std::vector<store::iam_tag> merge_tags(std::vector<store::iam_tag> existing, const json& input) {
  std::set<std::string> seen;
  for (const auto& t : api::member_or(input, "Tags", no_items())) {
    store::iam_tag tag{api::str(t, "Key"), api::str(t, "Value")};
    if (!seen.insert(tag_key(tag)).second) {
      throw invalid_input(
          "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }
    bool replaced = false;
    for (auto& e : existing) {
      if (tag_key(e) == tag_key(tag)) {
        e = tag;
        replaced = true;
      }
    }
    if (!replaced) {
      existing.push_back(tag);
    }
  }
  if (existing.size() > max_tags) {
    throw limit_exceeded("The number of tags has reached the maximum limit.");
  }
  return existing;
}

json render_tags(const std::vector<store::iam_tag>& tags) {
  auto out = json::array();
  for (const auto& t : tags) {
    out.push_back({{"Key", t.key}, {"Value", t.value}});
  }
  return out;
}

json render_role(const api::request_context& ctx, const store::iam_role& r, bool with_tags) {
  json out{{"Path", r.path},
           {"RoleName", r.name},
           {"RoleId", r.id},
           {"Arn", role_arn(ctx, r)},
           {"CreateDate", r.created},
           {"AssumeRolePolicyDocument", url_encode(r.assume_role_policy)},
           {"MaxSessionDuration", r.max_session_duration}};
  if (!r.description.empty()) {
    out["Description"] = r.description;
  }
  if (with_tags && !r.tags.empty()) {
    out["Tags"] = render_tags(r.tags);
  }
  return out;
}

json render_policy(const api::request_context& ctx, const policy_ref& p, int attachments) {
  const auto& pol = p.policy;
  json out{{"PolicyName", pol.name},
           {"PolicyId", pol.id},
           {"Arn", p.aws_managed ? policy_arn("aws", pol) : policy_arn(ctx.scope.account, pol)},
           {"Path", pol.path},
           {"DefaultVersionId", pol.default_version},
           {"AttachmentCount", attachments},
           {"PermissionsBoundaryUsageCount", 0},
           {"IsAttachable", true},
           {"CreateDate", pol.created},
           {"UpdateDate", pol.updated}};
  if (!pol.description.empty()) {
    out["Description"] = pol.description;
  }
  if (!pol.tags.empty()) {
    out["Tags"] = render_tags(pol.tags);
  }
  return out;
}

json render_instance_profile(api::request_context& ctx, const store::iam_instance_profile& p) {
  auto roles = json::array();
  for (const auto& name : p.roles) {
    if (auto r = find_role(ctx, name)) {
      roles.push_back(render_role(ctx, *r, false));
    }
  }
  json out{{"Path", p.path},
           {"InstanceProfileName", p.name},
           {"InstanceProfileId", p.id},
           {"Arn", instance_profile_arn(ctx, p)},
           {"CreateDate", p.created},
           {"Roles", roles}};
  if (!p.tags.empty()) {
    out["Tags"] = render_tags(p.tags);
  }
  return out;
}

page_range page(const json& input, std::size_t count, json& out) {
  std::size_t first = 0;
  if (auto marker = api::opt_str(input, "Marker")) {
    std::size_t used = 0;
    try {
      first = std::stoul(*marker, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != marker->size()) {
      throw validation("Invalid Marker.");
    }
  }
  first = std::min(first, count);
  auto max_items = static_cast<std::size_t>(api::opt_int(input, "MaxItems").value_or(100));
  auto last = std::min(count, first + max_items);
  out["IsTruncated"] = last < count;
  if (last < count) {
    out["Marker"] = std::to_string(last);
  }
  return {first, last};
}

}  // namespace minecs::iam
