#pragma once
#include "minecs/api/handler.hpp"
#include "minecs/services/ecs.hpp"

namespace minecs::ecs {

// Each group of ECS operations adds its handlers; register_handlers (ecs.hpp) calls them all.
void add_cluster_handlers(api::handler_table& table);
void add_task_definition_handlers(api::handler_table& table);
void add_tag_handlers(api::handler_table& table);
void add_account_setting_handlers(api::handler_table& table);
void add_task_handlers(api::handler_table& table, const options& opts = {});
void add_container_instance_handlers(api::handler_table& table);
void add_task_protection_handlers(api::handler_table& table);  // called by add_task_handlers
// CreateService, UpdateService, DeleteService, DescribeServices, ListServices,
// ListServicesByNamespace and the ServiceDeployment/ServiceRevision operations.
void add_service_handlers(api::handler_table& table, const options& opts = {});
// The Express Mode operations (CreateExpressGatewayService and its siblings).
void add_express_handlers(api::handler_table& table, const options& opts);

}  // namespace minecs::ecs
