#include "minecs/api/tagging.hpp"
#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::ssm {

namespace {

// The ARN tags of a Parameter resource are kept under; the other resource types are other parts
// of Systems Manager, which minecs does not have.
std::string tagged_arn(api::request_context& ctx, const json& input) {
  auto type = api::str(input, "ResourceType");
  if (type != "Parameter") {
    throw service_error("InvalidResourceType", "The resource type " + type +
                                                   " is not supported by minecs's SSM: only "
                                                   "Parameter is.");
  }
  auto ref = parse_reference(ctx, api::str(input, "ResourceId"), false);
  if (!find_parameter(ctx, ref)) {
    throw service_error("InvalidResourceId", "The resource ID \"" + ref.name +
                                                 "\" is not valid. Verify the ID and try again.");
  }
  return parameter_arn(ctx.scope, ref.name);
}

}  // namespace

void add_tag_handlers(api::handler_table& table) {
  api::add_tag_handlers(
      table, {.resource = tagged_arn,
              .too_many_tags =
                  [](const std::string&) {
                    return service_error(
                        "TooManyTagsError",
                        "The Tags parameter has too many tags: a resource can have at most 50.");
                  },
              .listed_member = "TagList",
              .tag_operation = "AddTagsToResource",
              .untag_operation = "RemoveTagsFromResource"});
}

}  // namespace minecs::ssm
