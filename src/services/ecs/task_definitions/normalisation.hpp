#pragma once
#include "minecs/core/json.hpp"

namespace minecs::ecs {

// RegisterTaskDefinition's semantic checks (the API model has already checked types, required
// members and enums) and the normal form ECS stores: defaults filled in, task cpu/memory in
// units/MiB, compatibilities and requiresAttributes derived. Throws ClientException (or
// InvalidParameterException where ECS does) with ECS's messages; it never touches the store, so
// a rejected request changes nothing. The result carries no tags and no identity (ARN,
// revision, status, timestamps): those belong to the record.
json normalise_task_definition(const json& input);

}  // namespace minecs::ecs
