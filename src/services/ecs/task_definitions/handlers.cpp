// Task definition operations. A revision moves ACTIVE -> INACTIVE (DeregisterTaskDefinition) ->
// DELETE_IN_PROGRESS (DeleteTaskDefinitions) and stays there: ECS keeps a deleted revision
// describable until no task or service references it, and minecs keeps it for good, so that
// running tasks and services can always read the definition they were started from. Revision
// numbers are never reused.

#include <algorithm>

#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/tags.hpp"
#include "minecs/store/task_definitions.hpp"
#include "tagging.hpp"
#include "task_definitions/normalisation.hpp"
#include "task_definitions/reference.hpp"
#include "task_definitions/render.hpp"

namespace minecs::ecs {

namespace {

constexpr std::size_t max_delete_batch = 10;
constexpr int max_page = 100;
constexpr const char* list_definitions_listing = "ListTaskDefinitions";
constexpr const char* list_families_listing = "ListTaskDefinitionFamilies";

service_error not_describable() {
  return client_error("Unable to describe task definition.");
}

// Inside a transaction. A family alone means its latest ACTIVE revision.
std::optional<store::task_definition_record> find_by_reference(api::request_context& ctx,
                                                               const task_definition_ref& ref) {
  if (!ref.valid) {
    return std::nullopt;
  }
  if (ref.revision) {
    return store::find_task_definition(ctx.db, ctx.scope.region, ref.family, *ref.revision);
  }
  return store::find_latest_active_task_definition(ctx.db, ctx.scope.region, ref.family);
}

json register_task_definition(api::request_context& ctx, const json& input) {
  // Everything that can reject the request runs before the transaction opens.
  auto body = normalise_task_definition(input);
  auto tags = tags_from_input(input, "tags");
  const auto family = body.at("family").get<std::string>();
  return ctx.db.write([&] {
    store::task_definition_record td;
    td.region = ctx.scope.region;
    td.family = family;
    td.revision = store::next_task_definition_revision(ctx.db, td.region, family);
    td.arn = task_definition_arn(ctx.scope, family, td.revision);
    td.status = "ACTIVE";
    td.body = std::move(body);
    td.registered_at = ctx.clock.now();
    td.registered_by = registered_by(ctx.scope.account);
    store::save_task_definition(ctx.db, td);
    if (!tags.empty()) {
      store::put_tags(ctx.db, td.arn, tags);
    }
    json out = {{"taskDefinition", render_task_definition(td)}};
    if (api::has(input, "tags")) {
      out["tags"] = render_tags(tags);
    }
    return out;
  });
}

json describe_task_definition(api::request_context& ctx, const json& input) {
  auto ref = parse_task_definition_reference(api::str(input, "taskDefinition"), ctx.scope);
  require_numeric_revision(ref);
  auto include = api::str_list(input, "include");
  const bool with_tags = std::find(include.begin(), include.end(), "TAGS") != include.end();
  return ctx.db.read([&] {
    auto td = find_by_reference(ctx, ref);
    if (!td) {
      throw not_describable();
    }
    json out = {{"taskDefinition", render_task_definition(*td)}};
    if (with_tags) {
      out["tags"] = render_tags(store::tags_of(ctx.db, td->arn));
    }
    return out;
  });
}

json deregister_task_definition(api::request_context& ctx, const json& input) {
  auto ref = parse_task_definition_reference(api::str(input, "taskDefinition"), ctx.scope);
  require_numeric_revision(ref);
  if (ref.valid && !ref.revision) {
    // ECS never picks a revision to deregister on the caller's behalf.
    throw client_error("Revision is missing.");
  }
  return ctx.db.write([&] {
    auto td = find_by_reference(ctx, ref);
    // ECS looks up ACTIVE revisions here, so an INACTIVE one is "unable to describe" too.
    if (!td || td->status == "INACTIVE") {
      throw not_describable();
    }
    if (td->status == "DELETE_IN_PROGRESS") {
      throw client_error("The specified task definition is in the process of being deleted.");
    }
    td->status = "INACTIVE";
    td->deregistered_at = ctx.clock.now();
    store::save_task_definition(ctx.db, *td);
    return json{{"taskDefinition", render_task_definition(*td)}};
  });
}

json delete_task_definitions(api::request_context& ctx, const json& input) {
  auto references = api::str_list(input, "taskDefinitions");
  if (references.empty()) {
    throw invalid_parameter("size of TaskDefinition references list must be greater than 0");
  }
  if (references.size() > max_delete_batch) {
    throw invalid_parameter("Size of TaskDefinition references list cannot exceed 10");
  }
  return ctx.db.write([&] {
    json deleted = json::array();
    json failures = json::array();
    auto fail = [&](const std::string& arn, const char* reason) {
      failures.push_back({{"arn", arn}, {"reason", reason}});
    };
    for (const auto& text : references) {
      auto ref = parse_task_definition_reference(text, ctx.scope);
      if (!ref.valid || !ref.revision) {
        fail(text,
             "The specified task definition identifier is invalid. Specify a valid name or ARN "
             "and try again.");
        continue;
      }
      auto td = find_by_reference(ctx, ref);
      if (!td) {
        fail(task_definition_arn(ctx.scope, ref.family, *ref.revision),
             "The specified task definition does not exist. Specify a valid account, family, "
             "revision and try again.");
        continue;
      }
      if (td->status == "ACTIVE") {
        fail(td->arn,
             "The specified task definition is still in ACTIVE status. Please deregister the "
             "target and try again.");
        continue;
      }
      // Deleting a revision already on its way out answers as the first call did.
      if (td->status == "INACTIVE") {
        td->status = "DELETE_IN_PROGRESS";
        td->delete_requested_at = ctx.clock.now();
        store::save_task_definition(ctx.db, *td);
      }
      deleted.push_back(render_task_definition(*td));
    }
    // ECS answers failures even when it is empty.
    return json{{"taskDefinitions", deleted}, {"failures", failures}};
  });
}

store::task_definition_key definitions_cursor(const std::string& token) {
  auto cursor = api::decode_page_token(token, list_definitions_listing);
  if (!cursor.is_object() || !cursor.contains("f") || !cursor["f"].is_string() ||
      !cursor.contains("r") || !cursor["r"].is_number_integer()) {
    throw invalid_parameter("Invalid token " + token);
  }
  return {cursor["f"].get<std::string>(), cursor["r"].get<long>()};
}

json list_task_definitions(api::request_context& ctx, const json& input) {
  const int limit = api::page_size(input, max_page, max_page);
  store::task_definition_query q;
  q.region = ctx.scope.region;
  // ECS's familyPrefix here is the full family name, not a prefix (unlike
  // ListTaskDefinitionFamilies).
  q.exact_family = api::has(input, "familyPrefix");
  q.family_prefix = api::str(input, "familyPrefix");
  q.status = api::str(input, "status", "ACTIVE");
  q.descending = api::str(input, "sort", "ASC") == "DESC";
  if (auto token = api::opt_str(input, "nextToken")) {
    q.after = definitions_cursor(*token);
  }
  q.limit = limit + 1;
  return ctx.db.read([&] {
    auto page = store::list_task_definitions(ctx.db, q);
    json out = {{"taskDefinitionArns", json::array()}};
    const auto shown = std::min(page.size(), static_cast<std::size_t>(limit));
    for (std::size_t i = 0; i < shown; ++i) {
      out["taskDefinitionArns"].push_back(
          task_definition_arn(ctx.scope, page[i].family, page[i].revision));
    }
    if (page.size() > shown) {
      const auto& last = page[shown - 1];
      out["nextToken"] = api::encode_page_token(api::make_page_cursor(
          list_definitions_listing, {{"f", last.family}, {"r", last.revision}}));
    }
    return out;
  });
}

json list_task_definition_families(api::request_context& ctx, const json& input) {
  const int limit = api::page_size(input, max_page, max_page);
  // Both ACTIVE and INACTIVE families unless the caller narrows it, as ECS.
  auto status = api::str(input, "status", "ALL");
  if (status == "ALL") {
    status.clear();
  }
  std::string after;
  if (auto token = api::opt_str(input, "nextToken")) {
    auto cursor = api::decode_page_token(*token, list_families_listing);
    if (!cursor.is_string()) {
      throw invalid_parameter("Invalid token " + *token);
    }
    after = cursor.get<std::string>();
  }
  return ctx.db.read([&] {
    auto page = store::list_task_definition_families(
        ctx.db, ctx.scope.region, api::str(input, "familyPrefix"), status, after, limit + 1);
    json out = {{"families", json::array()}};
    const auto shown = std::min(page.size(), static_cast<std::size_t>(limit));
    for (std::size_t i = 0; i < shown; ++i) {
      out["families"].push_back(page[i]);
    }
    if (page.size() > shown) {
      out["nextToken"] =
          api::encode_page_token(api::make_page_cursor(list_families_listing, page[shown - 1]));
    }
    return out;
  });
}

// TagResource and friends on "arn:...:task-definition/family:revision".

}  // namespace

void check_task_definition(api::request_context& ctx, const parsed_arn& arn) {
  auto ref = parse_task_definition_reference(arn.resource, ctx.scope);
  if (!ref.valid || !ref.revision || !find_by_reference(ctx, ref)) {
    throw not_describable();
  }
}

void add_task_definition_handlers(api::handler_table& table) {
  table.add("RegisterTaskDefinition", register_task_definition);
  table.add("DescribeTaskDefinition", describe_task_definition);
  table.add("DeregisterTaskDefinition", deregister_task_definition);
  table.add("DeleteTaskDefinitions", delete_task_definitions);
  table.add("ListTaskDefinitions", list_task_definitions);
  table.add("ListTaskDefinitionFamilies", list_task_definition_families);
}

}  // namespace minecs::ecs
