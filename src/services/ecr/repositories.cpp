#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::ecr {

namespace {

std::string mutability_of(const json& input) {
  auto m = api::str(input, "imageTagMutability", "MUTABLE");
  if (m != "MUTABLE" && m != "IMMUTABLE") {
    throw invalid_parameter(
        "Invalid parameter at 'imageTagMutability' failed to satisfy "
        "constraint: 'minecs supports MUTABLE and IMMUTABLE, not " +
        m + "'");
  }
  return m;
}

std::vector<store::tag> tags_of_input(const json& input) {
  std::vector<store::tag> out;
  for (const auto& t : api::member_or(input, "tags", json::array())) {
    out.push_back({api::str(t, "Key"), api::str(t, "Value")});
  }
  return out;
}

json create_repository(api::request_context& ctx, const json& input, const options& opts) {
  store::ecr_repository r;
  r.registry_id = registry_id(ctx, input);
  r.region = ctx.scope.region;
  r.name = api::str(input, "repositoryName");
  r.arn = repository_arn(ctx.scope, r.name);
  r.created_at = ctx.clock.now();
  r.tag_mutability = mutability_of(input);
  auto scanning = api::member_or(input, "imageScanningConfiguration", json::object());
  r.scan_on_push = api::boolean(scanning, "scanOnPush");
  auto encryption = api::member_or(input, "encryptionConfiguration", json::object());
  r.encryption_type = api::str(encryption, "encryptionType", "AES256");
  r.kms_key = api::str(encryption, "kmsKey");
  if (r.encryption_type == "AES256" && !r.kms_key.empty()) {
    throw invalid_parameter(
        "Invalid parameter at 'encryptionConfiguration' failed to satisfy "
        "constraint: 'kmsKey can be specified only with KMS encryption'");
  }
  if (r.encryption_type != "AES256" && r.kms_key.empty()) {
    r.kms_key = "arn:aws:kms:" + ctx.scope.region + ":" + ctx.scope.account + ":alias/aws/ecr";
  }
  auto tags = tags_of_input(input);
  if (tags.size() > store::max_tags_per_resource) {
    throw invalid_parameter(
        "Invalid parameter at 'tags' failed to satisfy constraint: 'at most "
        "50 tags'");
  }
  ctx.db.write([&] {
    if (store::find_ecr_repository(ctx.db, r.region, r.name)) {
      throw service_error("RepositoryAlreadyExistsException",
                          "The repository with name '" + r.name +
                              "' already exists in the registry with id '" + r.registry_id + "'");
    }
    store::put_ecr_repository(ctx.db, r);
    store::drop_tags(ctx.db, r.arn);
    if (!tags.empty()) {
      store::put_tags(ctx.db, r.arn, tags);
    }
  });
  return {{"repository", render_repository(r, opts.registry_endpoint())}};
}

json describe_repositories(api::request_context& ctx, const json& input, const options& opts) {
  registry_id(ctx, input);
  auto names = api::str_list(input, "repositoryNames");
  auto endpoint = opts.registry_endpoint();
  std::vector<json> items = ctx.db.read([&] {
    std::vector<json> out;
    if (names.empty()) {
      for (const auto& r : store::list_ecr_repositories(ctx.db, ctx.scope.region)) {
        out.push_back(render_repository(r, endpoint));
      }
      return out;
    }
    for (const auto& name : names) {
      auto r = store::find_ecr_repository(ctx.db, ctx.scope.region, name);
      if (!r) {
        throw repository_not_found(ctx, name);
      }
      out.push_back(render_repository(*r, endpoint));
    }
    return out;
  });
  if (!names.empty() && (api::has(input, "maxResults") || api::has(input, "nextToken"))) {
    throw invalid_parameter(
        "Invalid parameter: maxResults and nextToken cannot be used with "
        "repositoryNames");
  }
  json out = json::object();
  page_into(out, "repositories", input, "DescribeRepositories", std::move(items), 100, 1000);
  return out;
}

json delete_repository(api::request_context& ctx, const json& input, const options& opts) {
  bool force = api::boolean(input, "force");
  auto r = ctx.db.write([&] {
    auto repo = need_repository(ctx, input);
    if (!force && !store::list_ecr_images(ctx.db, repo.region, repo.name).empty()) {
      throw service_error("RepositoryNotEmptyException",
                          "The repository with name '" + repo.name + "' in registry with id '" +
                              repo.registry_id +
                              "' cannot be deleted because it still contains images");
    }
    store::delete_ecr_repository(ctx.db, repo.region, repo.name);
    store::drop_tags(ctx.db, repo.arn);
    return repo;
  });
  return {{"repository", render_repository(r, opts.registry_endpoint())}};
}

json put_image_tag_mutability(api::request_context& ctx, const json& input) {
  auto mutability = mutability_of(input);
  auto r = ctx.db.write([&] {
    auto repo = need_repository(ctx, input);
    repo.tag_mutability = mutability;
    store::put_ecr_repository(ctx.db, repo);
    return repo;
  });
  return {{"registryId", r.registry_id},
          {"repositoryName", r.name},
          {"imageTagMutability", r.tag_mutability}};
}

json put_image_scanning_configuration(api::request_context& ctx, const json& input) {
  auto scanning = api::member_or(input, "imageScanningConfiguration", json::object());
  auto r = ctx.db.write([&] {
    auto repo = need_repository(ctx, input);
    repo.scan_on_push = api::boolean(scanning, "scanOnPush");
    store::put_ecr_repository(ctx.db, repo);
    return repo;
  });
  return {{"registryId", r.registry_id},
          {"repositoryName", r.name},
          {"imageScanningConfiguration", {{"scanOnPush", r.scan_on_push}}}};
}

}  // namespace

void add_repository_handlers(api::handler_table& table, const options& opts) {
  table.add("CreateRepository", [opts](api::request_context& ctx, const json& in) {
    return create_repository(ctx, in, opts);
  });
  table.add("DescribeRepositories", [opts](api::request_context& ctx, const json& in) {
    return describe_repositories(ctx, in, opts);
  });
  table.add("DeleteRepository", [opts](api::request_context& ctx, const json& in) {
    return delete_repository(ctx, in, opts);
  });
  table.add("PutImageTagMutability", put_image_tag_mutability);
  table.add("PutImageScanningConfiguration", put_image_scanning_configuration);
}

}  // namespace minecs::ecr
