// AWS STS's GetCallerIdentity: minecs checks no credentials, so every caller is the configured
// account's root user, as the static keys SDKs and local tools use stand for.
#include "minecs/services/sts.hpp"

namespace minecs::sts {

namespace {

json get_caller_identity(api::request_context& ctx, const json&) {
  const auto& account = ctx.scope.account;
  return {{"Account", account}, {"Arn", "arn:aws:iam::" + account + ":root"}, {"UserId", account}};
}

}  // namespace

void register_handlers(api::handler_table& table) {
  table.add("GetCallerIdentity", get_caller_identity);
}

}  // namespace minecs::sts
