#pragma once
#include "minecs/api/handler.hpp"

namespace minecs::ecs {

// CreateService, UpdateService, DeleteService, DescribeServices, ListServices,
// ListServicesByNamespace and the ServiceDeployment/ServiceRevision operations; registers
// "service" as a taggable resource.
void add_service_handlers(api::handler_table& table);

}  // namespace minecs::ecs
