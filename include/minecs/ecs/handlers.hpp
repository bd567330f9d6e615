#pragma once
#include "minecs/api/handler.hpp"

namespace minecs::ecs {

// Each group of ECS operations registers its handlers; src/app.cpp calls them all.
void add_cluster_handlers(api::handler_table& table);
void add_task_definition_handlers(api::handler_table& table);
void add_tag_handlers(api::handler_table& table);
void add_account_setting_handlers(api::handler_table& table);
void add_task_handlers(api::handler_table& table);
void add_container_instance_handlers(api::handler_table& table);
void add_task_protection_handlers(api::handler_table& table);  // called by add_task_handlers

}  // namespace minecs::ecs
