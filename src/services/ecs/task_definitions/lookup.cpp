#include "task_definitions/lookup.hpp"

#include "minecs/core/service_error.hpp"
#include "task_definitions/normalisation.hpp"
#include "task_definitions/reference.hpp"

namespace minecs::ecs {

store::task_definition_record require_task_definition(api::request_context& ctx,
                                                      const std::string& reference) {
  auto ref = parse_task_definition_reference(reference, ctx.scope);
  require_numeric_revision(ref);
  std::optional<store::task_definition_record> found;
  if (ref.valid && ref.revision) {
    found = store::find_task_definition(ctx.db, ctx.scope.region, ref.family, *ref.revision);
  } else if (ref.valid) {
    found = store::find_latest_active_task_definition(ctx.db, ctx.scope.region, ref.family);
  }
  if (!found) {
    throw client_error("Unable to describe task definition.");
  }
  return *found;
}

}  // namespace minecs::ecs
