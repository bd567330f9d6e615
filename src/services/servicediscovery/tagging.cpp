// Tags of namespaces and services, by ARN.
#include "minecs/api/tagging.hpp"
#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::servicediscovery {

namespace {

// The ARN, checked to name a namespace or service of this region.
std::string tagged_arn(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "ResourceARN");
  auto id = id_of(arn);
  bool known = false;
  if (arn.find(":namespace/") != std::string::npos) {
    auto n = store::find_cloudmap_namespace(ctx.db, id);
    known = n && n->arn == arn;
  } else if (arn.find(":service/") != std::string::npos) {
    auto s = store::find_cloudmap_service(ctx.db, id);
    known = s && s->arn == arn;
  }
  if (!known) {
    throw service_error(
        "ResourceNotFoundException",
        "The operation can't be completed because the resource " + arn + " was not found.");
  }
  return arn;
}

}  // namespace

void add_tag_handlers(api::handler_table& table) {
  api::add_tag_handlers(table, {.resource = tagged_arn, .too_many_tags = [](const std::string&) {
                                  return service_error(
                                      "TooManyTagsException",
                                      "The resource can't have more than 50 tags.");
                                }});
}

}  // namespace minecs::servicediscovery
