#pragma once
#include <functional>
#include <string>

#include "minecs/api/handler.hpp"
#include "minecs/core/service_error.hpp"

namespace minecs::api {

// TagResource, UntagResource and ListTagsForResource of a JSON service whose requests name one
// resource and carry its tags as a list of {Key, Value} (SSM, ECR, Cloud Map). The services differ
// in how a request names the resource and in their spelling, not in what the operations do.
struct tagging {
  // The ARN the resource's tags are kept under, checked to exist; called inside the operation's
  // transaction, it throws the service's own error for a resource that is not there.
  std::function<std::string(request_context&, const json& input)> resource;
  // The error for a request that would leave more than 50 tags on the resource.
  std::function<service_error(const std::string& arn)> too_many_tags;
  std::string tags_member = "Tags";
  std::string keys_member = "TagKeys";
  // The member of ListTagsForResource's output that lists the tags.
  std::string listed_member = "Tags";
  std::string tag_operation = "TagResource";
  std::string untag_operation = "UntagResource";
};

void add_tag_handlers(handler_table& table, tagging spelling);

}  // namespace minecs::api
