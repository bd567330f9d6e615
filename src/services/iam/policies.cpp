// Managed policies: customer ones created here, with their tags; AWS managed ones read-only.
#include <algorithm>

#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::iam {

namespace {

void check_managed_document(const std::string& document) {
  if (check_policy_document(document, policy_kind::identity) > managed_policy_limit) {
    throw limit_exceeded("Cannot exceed quota for PolicySize: 6144");
  }
}

// CreatePolicy and ListPolicies leave the description out, as IAM does.
json render_summary(const api::request_context& ctx, const policy_ref& p, int attachments) {
  auto out = render_policy(ctx, p, attachments);
  out.erase("Description");
  out.erase("Tags");
  return out;
}

json create_policy(api::request_context& ctx, const json& input) {
  store::iam_policy p;
  p.name = api::str(input, "PolicyName");
  p.path = api::str(input, "Path", "/");
  p.description = api::str(input, "Description");
  auto document = api::str(input, "PolicyDocument");
  check_managed_document(document);
  p.tags = merge_tags({}, input);
  return ctx.db.write([&] {
    if (store::find_iam<store::iam_policy>(ctx.db, p.name)) {
      throw entity_exists("A policy called " + p.name +
                          " already exists. Duplicate names are not allowed.");
    }
    p.id = new_id(ctx, "ANPA");
    p.created = p.updated = now_seconds(ctx);
    p.default_version = "v1";
    p.next_version = 2;
    p.versions.push_back({"v1", document, p.created});
    store::put_iam(ctx.db, p);
    auto out = render_summary(ctx, {p, false, policy_arn(ctx.scope.account, p)}, 0);
    if (!p.tags.empty()) {
      out["Tags"] = render_tags(p.tags);
    }
    return json{{"Policy", out}};
  });
}

json get_policy_op(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto p = get_policy(ctx, api::str(input, "PolicyArn"));
    return json{{"Policy", render_policy(ctx, p, attachment_count(ctx, p.arn))}};
  });
}

json list_policies(api::request_context& ctx, const json& input) {
  auto scope = api::str(input, "Scope", "All");
  auto prefix = api::str(input, "PathPrefix", "/");
  auto only_attached = api::boolean(input, "OnlyAttached");
  return ctx.db.read([&] {
    std::vector<std::pair<policy_ref, int>> found;
    auto consider = [&](const store::iam_policy& p, bool aws) {
      policy_ref ref{p, aws, policy_arn(aws ? "aws" : ctx.scope.account, p)};
      auto count = attachment_count(ctx, ref.arn);
      if (p.path.rfind(prefix, 0) == 0 && (!only_attached || count > 0)) {
        found.emplace_back(std::move(ref), count);
      }
    };
    if (scope != "Local") {
      for (const auto& p : aws_managed_policies()) {
        consider(p, true);
      }
    }
    if (scope != "AWS") {
      for (const auto& p : store::list_iam<store::iam_policy>(ctx.db)) {
        consider(p, false);
      }
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return store::iam_key(a.first.policy.name) < store::iam_key(b.first.policy.name);
    });
    json out = json::object();
    auto range = page(input, found.size(), out);
    auto items = json::array();
    for (auto i = range.first; i < range.last; ++i) {
      items.push_back(render_summary(ctx, found[i].first, found[i].second));
    }
    out["Policies"] = items;
    return out;
  });
}

json delete_policy(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto p = get_own_policy(ctx, api::str(input, "PolicyArn"));
    if (attachment_count(ctx, p.arn) > 0) {
      throw delete_conflict("Cannot delete a policy attached to entities.");
    }
    if (p.policy.versions.size() > 1) {
      throw delete_conflict(
          "This policy has more than one version. Before you delete a policy, you must delete "
          "the policy's versions. The default version is deleted with the policy.");
    }
    store::delete_iam<store::iam_policy>(ctx.db, p.policy.name);
  });
  return json::object();
}

json tag_policy(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto p = get_own_policy(ctx, api::str(input, "PolicyArn"));
    p.policy.tags = merge_tags(std::move(p.policy.tags), input);
    store::put_iam(ctx.db, p.policy);
  });
  return json::object();
}

json untag_policy(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto p = get_own_policy(ctx, api::str(input, "PolicyArn"));
    for (const auto& key : api::str_list(input, "TagKeys")) {
      std::erase_if(p.policy.tags,
                    [&](const auto& t) { return store::iam_key(t.key) == store::iam_key(key); });
    }
    store::put_iam(ctx.db, p.policy);
  });
  return json::object();
}

json list_policy_tags(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto p = get_policy(ctx, api::str(input, "PolicyArn"));
    const auto& tags = p.policy.tags;
    json out = json::object();
    auto range = page(input, tags.size(), out);
    out["Tags"] = render_tags({tags.begin() + static_cast<long>(range.first),
                               tags.begin() + static_cast<long>(range.last)});
    return out;
  });
}

}  // namespace

void add_policy_handlers(api::handler_table& table) {
  table.add("CreatePolicy", create_policy);
  table.add("GetPolicy", get_policy_op);
  table.add("ListPolicies", list_policies);
  table.add("DeletePolicy", delete_policy);
  table.add("TagPolicy", tag_policy);
  table.add("UntagPolicy", untag_policy);
  table.add("ListPolicyTags", list_policy_tags);
}

}  // namespace minecs::iam
