#include "credentials.hpp"
#include "minecs/services/sts.hpp"

namespace minecs::sts {

void register_handlers(api::handler_table& table, const options& opts) {
  table.add("GetCallerIdentity", get_caller_identity);
  table.add("AssumeRole", [opts](api::request_context& ctx, const json& input) {
    return assume_role(ctx, input, opts);
  });
  table.add("GetSessionToken", get_session_token);
}

}  // namespace minecs::sts
