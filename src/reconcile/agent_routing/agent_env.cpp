#include "agent_routing/agent_env.hpp"

#include "agent_routing/agent_route.hpp"
#include "minecs/task/agent_identity.hpp"

namespace minecs::reconcile {

void ensure_agent_tokens(context& cx, store::task_record& t) {
  if (!t.runtime.agent.credentials_id.empty()) {
    return;
  }
  // ECS's v4 ids look like a Docker id and a number; the credentials id is a UUID.
  auto agent = task::make_agent_identity(t, cx.ids.uuid(),
                                         [&] { return cx.ids.hex32() + "-" + cx.ids.digits(10); });
  auto saved = mutate_task(cx.db, t.arn, [&](store::task_record& r) {
    if (!r.runtime.agent.credentials_id.empty()) {
      return false;
    }
    r.runtime.agent = agent;
    return true;
  });
  t.runtime.agent =
      saved && !saved->runtime.agent.credentials_id.empty() ? saved->runtime.agent : agent;
}

std::vector<std::pair<std::string, std::string>> agent_variables(const context& cx,
                                                                 const store::task_record& t,
                                                                 const json& definition,
                                                                 const std::string& container) {
  std::vector<std::pair<std::string, std::string>> out;
  auto token = task::metadata_token(t, container);
  if (cx.cfg.agent_port <= 0 || token.empty()) {
    return out;
  }
  auto base = "http://" + std::string(agent_address);
  out.emplace_back("ECS_CONTAINER_METADATA_URI_V4", base + "/v4/" + token);
  out.emplace_back("ECS_CONTAINER_METADATA_URI", base + "/v3/" + token);
  out.emplace_back("ECS_AGENT_URI", base + "/api/" + token);
  if (!task::task_role_arn(t, definition).empty()) {
    out.emplace_back("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                     "/v2/credentials/" + task::credentials_id(t));
  }
  return out;
}

}  // namespace minecs::reconcile
