#include "minecs/api/tagging.hpp"
#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/arn.hpp"

namespace minecs::ecr {

namespace {

// The repository an ARN names, inside a transaction; InvalidParameterException for an ARN that
// is not a repository's, RepositoryNotFoundException for one that does not exist.
std::string tagged_arn(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "resourceArn");
  auto prefix = "arn:aws:ecr:" + ctx.scope.region + ":" + ctx.scope.account + ":repository/";
  if (!arn.starts_with(prefix) || arn.size() == prefix.size()) {
    throw invalid_parameter(
        "Invalid parameter at 'resourceArn' failed to satisfy constraint: "
        "'Invalid ARN: " +
        arn + "'");
  }
  auto name = arn.substr(prefix.size());
  if (!store::find_ecr_repository(ctx.db, ctx.scope.region, name)) {
    throw repository_not_found(ctx, name);
  }
  return arn;
}

}  // namespace

void add_tag_handlers(api::handler_table& table) {
  api::add_tag_handlers(table, {.resource = tagged_arn,
                                .too_many_tags =
                                    [](const std::string& arn) {
                                      return service_error(
                                          "TooManyTagsException",
                                          "Cannot have more than 50 tags on a resource: " + arn);
                                    },
                                .tags_member = "tags",
                                .keys_member = "tagKeys",
                                .listed_member = "tags"});
}

}  // namespace minecs::ecr
