#include "task_definitions/render.hpp"

namespace minecs::ecs {

json render_task_definition(const store::task_definition_record& td) {
  json out = td.body.is_object() ? td.body : json::object();
  // The record, not the body, owns identity and lifecycle: a body written by an older minecs or
  // edited by hand cannot contradict them.
  out["taskDefinitionArn"] = td.arn;
  out["family"] = td.family;
  out["revision"] = td.revision;
  out["status"] = td.status;
  out["registeredAt"] = td.registered_at;
  out["registeredBy"] = td.registered_by;
  out.erase("deregisteredAt");
  out.erase("deleteRequestedAt");
  out.erase("tags");
  if (td.deregistered_at) {
    out["deregisteredAt"] = *td.deregistered_at;
  }
  if (td.delete_requested_at) {
    out["deleteRequestedAt"] = *td.delete_requested_at;
  }
  return out;
}

std::string registered_by(const std::string& account) {
  return "arn:aws:iam::" + account + ":root";
}

}  // namespace minecs::ecs
