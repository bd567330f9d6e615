#include "minecs/task/agent_identity.hpp"

namespace minecs::task {

std::string metadata_token(const store::task_record& t, const std::string& container) {
  const auto& tokens = t.runtime.agent.containers;
  auto it = tokens.find(container);
  return it == tokens.end() ? std::string() : it->second;
}

std::string credentials_id(const store::task_record& t) {
  return t.runtime.agent.credentials_id;
}

std::string task_role_arn(const store::task_record& t, const json& definition) {
  if (t.overrides.is_object()) {
    if (auto role = t.overrides.value("taskRoleArn", ""); !role.empty()) {
      return role;
    }
  }
  return definition.value("taskRoleArn", "");
}

store::agent_tokens make_agent_identity(const store::task_record& t,
                                        const std::string& credentials_id,
                                        const std::function<std::string()>& new_token) {
  store::agent_tokens agent{credentials_id, {}};
  for (const auto& c : t.containers) {
    agent.containers[c.name] = new_token();
  }
  return agent;
}

}  // namespace minecs::task
