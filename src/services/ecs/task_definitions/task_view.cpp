#include "task_definitions/task_view.hpp"

#include "minecs/api/input.hpp"

namespace minecs::ecs {

const json& empty_object() {
  static const json empty = json::object();
  return empty;
}

const json& array_member(const json& in, const char* key) {
  static const json empty = json::array();
  return api::has(in, key) ? in.at(key) : empty;
}

std::string log_driver(const json& container) {
  return api::str(api::member_or(container, "logConfiguration", empty_object()), "logDriver");
}

bool is_ecr_image(const std::string& image) {
  return image.find(".dkr.ecr.") != std::string::npos &&
         image.find(".amazonaws.com") != std::string::npos;
}

}  // namespace minecs::ecs
