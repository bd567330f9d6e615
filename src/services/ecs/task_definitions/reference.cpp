#include "task_definitions/reference.hpp"

#include <algorithm>
#include <cctype>

#include "minecs/core/service_error.hpp"

namespace minecs::ecs {

bool valid_resource_name(std::string_view name) {
  return !name.empty() && name.size() <= 255 &&
         std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

task_definition_ref parse_task_definition_reference(std::string_view text, const scope& s) {
  task_definition_ref ref;
  std::string_view rest = text;
  if (text.starts_with("arn:")) {
    auto arn = parse_arn(text);
    if (!arn || arn->service != "ecs" || arn->resource_type != "task-definition" ||
        arn->region != s.region || arn->account != s.account) {
      ref.valid = false;
      return ref;
    }
    rest = text.substr(text.size() - arn->resource.size());
  }
  auto colon = rest.find(':');
  ref.family = std::string(rest.substr(0, colon));
  if (colon != std::string_view::npos) {
    auto number = rest.substr(colon + 1);
    long revision = 0;
    bool ok = !number.empty() && number.size() <= 9;
    bool digits = true;
    for (char c : number) {
      digits = digits && std::isdigit(static_cast<unsigned char>(c));
      ok = ok && digits;
      revision = ok ? revision * 10 + (c - '0') : 0;
    }
    if (!ok || revision < 1) {
      ref.valid = false;
    }
    if (!digits || number.empty()) {
      ref.non_numeric_revision = std::string(number);
    }
    ref.revision = revision;
  }
  if (!valid_resource_name(ref.family)) {
    ref.valid = false;
  }
  return ref;
}

void require_numeric_revision(const task_definition_ref& ref) {
  if (ref.non_numeric_revision) {
    throw invalid_parameter("Invalid revision number. Number: " + *ref.non_numeric_revision);
  }
}

}  // namespace minecs::ecs
