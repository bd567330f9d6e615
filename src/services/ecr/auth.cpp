#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"

namespace minecs::ecr {

namespace {

// A token for the registry proxy: "AWS:<password>" in base64, as docker login takes it apart.
json get_authorization_token(api::request_context& ctx, const json& input, const options& opts) {
  for (const auto& id : api::str_list(input, "registryIds")) {
    if (id != ctx.scope.account) {
      throw invalid_parameter(
          "Invalid parameter at 'registryIds' failed to satisfy constraint: "
          "'The registry " +
          id + " does not exist here'");
    }
  }
  auto password = ctx.ids.hex32() + ctx.ids.hex32();
  double expires = ctx.clock.now() + token_lifetime_seconds;
  ctx.db.write([&] {
    store::drop_expired_ecr_tokens(ctx.db, ctx.clock.now());
    store::put_ecr_token(ctx.db, password, expires);
  });
  json data{{"authorizationToken", api::base64_encode("AWS:" + password)},
            {"expiresAt", expires},
            {"proxyEndpoint", "http://" + opts.registry_endpoint()}};
  return {{"authorizationData", json::array({data})}};
}

}  // namespace

void add_auth_handler(api::handler_table& table, const options& opts) {
  table.add("GetAuthorizationToken", [opts](api::request_context& ctx, const json& in) {
    return get_authorization_token(ctx, in, opts);
  });
}

}  // namespace minecs::ecr
