// AWS STS's GetCallerIdentity. minecs checks no signatures, but it knows the keys STS issued:
// those of an assumed role answer for the role's session; every other key (the static keys SDKs
// and local tools use, GetSessionToken's) stands for the configured account's root user.
#include "credentials.hpp"
#include "minecs/core/clock.hpp"

namespace minecs::sts {

json get_caller_identity(api::request_context& ctx, const json&) {
  const auto& account = ctx.scope.account;
  auto c = caller_credentials(ctx);
  if (c && c->expiration <= ctx.clock.now()) {
    throw service_error("ExpiredToken", "The security token included in the request is expired",
                        403);
  }
  if (c && !c->role_arn.empty()) {
    return {{"Account", account},
            {"Arn", assumed_role_arn(account, c->role_name, c->session_name)},
            {"UserId", c->role_id + ":" + c->session_name}};
  }
  return {{"Account", account}, {"Arn", "arn:aws:iam::" + account + ":root"}, {"UserId", account}};
}

}  // namespace minecs::sts
