#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::secretsmanager {

namespace {

constexpr double seconds_per_day = 86400.0;

json delete_secret(api::request_context& ctx, const json& input) {
  bool force = api::boolean(input, "ForceDeleteWithoutRecovery");
  auto window = api::opt_int(input, "RecoveryWindowInDays");
  if (force && window) {
    throw service_error("InvalidParameterException",
                        "You can't use ForceDeleteWithoutRecovery in conjunction with "
                        "RecoveryWindowInDays.");
  }
  if (window && (*window < 7 || *window > 30)) {
    throw service_error("InvalidParameterException",
                        "The RecoveryWindowInDays value must be between 7 and 30 days "
                        "(inclusive).");
  }
  return ctx.db.write([&] {
    purge_expired(ctx);
    auto s = require_secret(ctx, api::str(input, "SecretId"));
    auto now = now_seconds(ctx);
    if (force) {
      store::delete_secret(ctx.db, s.arn);
      store::drop_tags(ctx.db, s.arn);
      return json{{"ARN", s.arn}, {"Name", s.name}, {"DeletionDate", now}};
    }
    if (s.deleted > 0) {
      throw invalid_request(
          "You can't perform this operation on the secret because it was already scheduled for "
          "deletion.");
    }
    s.deleted = now;
    s.deletion_date = now + static_cast<double>(window.value_or(30)) * seconds_per_day;
    store::put_secret(ctx.db, s);
    return json{{"ARN", s.arn}, {"Name", s.name}, {"DeletionDate", s.deletion_date}};
  });
}

json restore_secret(api::request_context& ctx, const json& input) {
  return ctx.db.write([&] {
    auto s = require_secret(ctx, api::str(input, "SecretId"));
    s.deleted = 0;
    s.deletion_date = 0;
    store::put_secret(ctx.db, s);
    return json{{"ARN", s.arn}, {"Name", s.name}};
  });
}

}  // namespace

void add_deletion_handlers(api::handler_table& table) {
  table.add("DeleteSecret", delete_secret);
  table.add("RestoreSecret", restore_secret);
}

}  // namespace minecs::secretsmanager
