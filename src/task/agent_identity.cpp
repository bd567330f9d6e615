#include "minecs/task/agent_identity.hpp"

namespace minecs::task {

std::string metadata_token(const store::task_record& t, const std::string& container) {
  auto agent = t.runtime.value("agent", json::object());
  return agent.value("containers", json::object()).value(container, "");
}

std::string credentials_id(const store::task_record& t) {
  return t.runtime.value("agent", json::object()).value("credentials_id", "");
}

std::string task_role_arn(const store::task_record& t, const json& definition) {
  if (t.overrides.is_object()) {
    if (auto role = t.overrides.value("taskRoleArn", ""); !role.empty()) {
      return role;
    }
  }
  return definition.value("taskRoleArn", "");
}

json make_agent_identity(const store::task_record& t, const std::string& credentials_id,
                         const std::function<std::string()>& new_token) {
  json agent = {{"credentials_id", credentials_id}, {"containers", json::object()}};
  for (const auto& c : t.containers) {
    agent["containers"][c.name] = new_token();
  }
  return agent;
}

}  // namespace minecs::task
