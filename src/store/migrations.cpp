#include "migrations.hpp"

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
      // 4: CloudWatch Logs. Event ids only grow (AUTOINCREMENT) because read tokens and event ids
      // are built from them: a reused id would let an old token point into new data.
      R"sql(
CREATE TABLE log_groups (
  id INTEGER PRIMARY KEY,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  retention_days INTEGER,
  log_group_class TEXT NOT NULL,
  kms_key_id TEXT,
  UNIQUE (region, name)
);
CREATE TABLE log_streams (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  first_event_ms INTEGER,
  last_event_ms INTEGER,
  last_ingestion_ms INTEGER,
  stored_bytes INTEGER NOT NULL,
  upload_sequence INTEGER NOT NULL,
  UNIQUE (group_id, name)
);
CREATE TABLE log_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id INTEGER NOT NULL,
  stream_id INTEGER NOT NULL,
  timestamp_ms INTEGER NOT NULL,
  ingestion_ms INTEGER NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX log_events_by_stream ON log_events (stream_id, timestamp_ms, id);
CREATE INDEX log_events_by_group ON log_events (group_id, timestamp_ms, id);
)sql",
      // 5: services (deployments inside the service's document) and their events.
      R"sql(
CREATE TABLE services (
  arn TEXT PRIMARY KEY,
  region TEXT NOT NULL,
  cluster_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  launch_type TEXT NOT NULL,
  scheduling_strategy TEXT NOT NULL,
  created_at REAL NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX services_by_cluster ON services (cluster_arn, arn);
CREATE TABLE service_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  service_arn TEXT NOT NULL,
  id TEXT NOT NULL,
  created_at REAL NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX service_events_by_service ON service_events (service_arn, seq);
CREATE INDEX tasks_by_service ON tasks (cluster_arn, service_name);
)sql",
      // 6: containers whose output the awslogs capture copies into a log stream, with how far
      // into Docker's log it got, so that a restart neither loses nor repeats lines.
      R"sql(
CREATE TABLE log_captures (
  container_id TEXT PRIMARY KEY,
  task_arn TEXT NOT NULL,
  region TEXT NOT NULL,
  group_name TEXT NOT NULL,
  stream_name TEXT NOT NULL,
  create_group INTEGER NOT NULL,
  cursor_ns INTEGER NOT NULL,
  cursor_count INTEGER NOT NULL
);
)sql",
      // 7: the agent endpoints find a task by the token in the URI a container calls with: the
      // credentials id (container '') or a container's metadata token. Tokens never change once
      // given; those of tasks written before this step are copied out of their documents.
      R"sql(
CREATE TABLE task_tokens (
  kind TEXT NOT NULL,
  token TEXT NOT NULL,
  task_arn TEXT NOT NULL,
  container TEXT NOT NULL,
  PRIMARY KEY (kind, token)
);
CREATE INDEX task_tokens_by_task ON task_tokens (task_arn);
INSERT OR IGNORE INTO task_tokens (kind, token, task_arn, container)
  SELECT 'credentials', json_extract(doc, '$.runtime.agent.credentials_id'), arn, ''
  FROM tasks WHERE json_extract(doc, '$.runtime.agent.credentials_id') <> '';
INSERT OR IGNORE INTO task_tokens (kind, token, task_arn, container)
  SELECT 'metadata', c.value, t.arn, c.key
  FROM tasks AS t, json_each(t.doc, '$.runtime.agent.containers') AS c;
)sql",
      // 8: EC2's networking resources (VPCs, subnets, security groups and their rules, gateways,
      // route tables), one row each: the typed record as a document, found by id, listed by kind
      // within a region, or by the resource it belongs to (a subnet's VPC, a rule's group).
      R"sql(
CREATE TABLE ec2_resources (
  id TEXT PRIMARY KEY,
  region TEXT NOT NULL,
  kind TEXT NOT NULL,
  parent_id TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX ec2_resources_by_kind ON ec2_resources (region, kind, id);
CREATE INDEX ec2_resources_by_parent ON ec2_resources (parent_id, kind, id);
)sql",
      // 9: listings return records in the order they were made (by rowid). An index whose key
      // ends before the id keeps equal keys in rowid order, so the listing needs no sort.
      R"sql(
DROP INDEX ec2_resources_by_kind;
DROP INDEX ec2_resources_by_parent;
CREATE INDEX ec2_resources_by_kind ON ec2_resources (region, kind);
CREATE INDEX ec2_resources_by_parent ON ec2_resources (parent_id, kind);
)sql",
      // 10: SSM parameters and Secrets Manager secrets, each one row holding its typed record
      // (with every version) as a document; a parameter by its name, a secret by its name and
      // its ARN, within a region.
      R"sql(
CREATE TABLE ssm_parameters (
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (region, name)
);
CREATE TABLE secrets (
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL UNIQUE,
  doc TEXT NOT NULL,
  PRIMARY KEY (region, name)
);
)sql",
      // 11: IAM's entities (roles, customer managed policies, instance profiles), global, one row
      // each under its kind and its name in lower case; and the temporary keys STS issued, which
      // GetCallerIdentity recognises after a restart, by access key id.
      R"sql(
CREATE TABLE iam_entities (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE TABLE sts_credentials (
  access_key_id TEXT PRIMARY KEY,
  expiration REAL NOT NULL,
  doc TEXT NOT NULL
);
)sql",
      // 12: ECR's repositories and their images (the manifests pushed through the registry proxy),
      // manifests the registry sync still has to remove, and GetAuthorizationToken's tokens.
      R"sql(
CREATE TABLE ecr_repositories (
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (region, name)
);
CREATE TABLE ecr_images (
  region TEXT NOT NULL,
  repository TEXT NOT NULL,
  digest TEXT NOT NULL,
  pushed_at REAL NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (region, repository, digest)
);
CREATE TABLE ecr_registry_removals (
  repository TEXT NOT NULL,
  digest TEXT NOT NULL,
  PRIMARY KEY (repository, digest)
);
CREATE TABLE ecr_tokens (
  token TEXT PRIMARY KEY,
  expires_at REAL NOT NULL
);
)sql",
      // 13: Cloud Map's namespaces, services, the instances registered in each service and
      // the operations its mutating calls answered with; each a typed record as a document.
      R"sql(
CREATE TABLE cloudmap_namespaces (
  id TEXT PRIMARY KEY,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX cloudmap_namespaces_by_region ON cloudmap_namespaces (region);
CREATE TABLE cloudmap_services (
  id TEXT PRIMARY KEY,
  region TEXT NOT NULL,
  namespace_id TEXT NOT NULL,
  name TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX cloudmap_services_by_namespace ON cloudmap_services (region, namespace_id);
CREATE TABLE cloudmap_instances (
  service_id TEXT NOT NULL,
  id TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (service_id, id)
);
CREATE TABLE cloudmap_operations (
  id TEXT PRIMARY KEY,
  region TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX cloudmap_operations_by_region ON cloudmap_operations (region);
)sql",
      // 14: Application Auto Scaling: scalable targets, scaling policies and scheduled actions
      // (kind "target", "policy", "scheduled"; a target's name is ''), and scaling activities.
      R"sql(
CREATE TABLE autoscaling_objects (
  kind TEXT NOT NULL,
  region TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  name TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (kind, region, resource_id, name)
);
CREATE TABLE autoscaling_activities (
  region TEXT NOT NULL,
  activity_id TEXT PRIMARY KEY,
  resource_id TEXT NOT NULL,
  start_time REAL NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX autoscaling_activities_by_resource ON autoscaling_activities (region, resource_id);
)sql",
  };
  return steps;
}

}  // namespace minecs::store
