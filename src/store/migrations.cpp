#include "minecs/store/migrations.hpp"

namespace minecs::store {

const std::vector<std::string>& migrations() {
  static const std::vector<std::string> steps = {
      // 1: clusters, task definitions, tags, account settings.
      R"sql(
CREATE TABLE clusters (
  arn TEXT PRIMARY KEY,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  settings TEXT NOT NULL,
  configuration TEXT,
  capacity_providers TEXT NOT NULL,
  default_strategy TEXT NOT NULL,
  service_connect_defaults TEXT,
  created_at REAL NOT NULL,
  UNIQUE (region, name)
);
CREATE TABLE task_definitions (
  region TEXT NOT NULL,
  family TEXT NOT NULL,
  revision INTEGER NOT NULL,
  arn TEXT NOT NULL,
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  registered_at REAL NOT NULL,
  registered_by TEXT NOT NULL,
  deregistered_at REAL,
  delete_requested_at REAL,
  PRIMARY KEY (region, family, revision)
);
CREATE INDEX task_definitions_by_status ON task_definitions (region, status, family, revision);
CREATE TABLE task_definition_families (
  region TEXT NOT NULL,
  family TEXT NOT NULL,
  last_revision INTEGER NOT NULL,
  PRIMARY KEY (region, family)
);
CREATE TABLE tags (
  arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (arn, key)
);
CREATE TABLE account_settings (
  region TEXT NOT NULL,
  principal_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (region, principal_arn, name)
);
)sql",
      // 2: tasks and the container instance that stands for the local Docker host.
      R"sql(
CREATE TABLE tasks (
  arn TEXT PRIMARY KEY,
  id TEXT NOT NULL,
  cluster_arn TEXT NOT NULL,
  family TEXT NOT NULL,
  last_status TEXT NOT NULL,
  desired_status TEXT NOT NULL,
  launch_type TEXT NOT NULL,
  started_by TEXT NOT NULL,
  service_name TEXT NOT NULL,
  container_instance_arn TEXT NOT NULL,
  client_token TEXT NOT NULL,
  created_at REAL NOT NULL,
  stopped_at REAL NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX tasks_by_cluster ON tasks (cluster_arn, arn);
CREATE INDEX tasks_by_status ON tasks (last_status, stopped_at);
CREATE INDEX tasks_by_id ON tasks (id);
CREATE TABLE container_instances (
  arn TEXT PRIMARY KEY,
  cluster_arn TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX container_instances_by_cluster ON container_instances (cluster_arn);
)sql",
      // 3: facts about this data directory itself, such as the id that labels its Docker objects.
      R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql",
  };
  return steps;
}

}  // namespace minecs::store
