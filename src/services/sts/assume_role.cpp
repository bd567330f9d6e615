// AssumeRole and GetSessionToken: temporary keys, stored so that GetCallerIdentity knows them.
// Trust policies are not evaluated (IAM in minecs records, it does not enforce).
#include <cmath>

#include "credentials.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"

namespace minecs::sts {

namespace {

// A role's name in its ARN (arn:aws:iam::<account>:role/<path><name>) and the account.
struct role_reference {
  std::string account;
  std::string name;
};

std::optional<role_reference> parse_role_arn(const std::string& arn) {
  static const std::string prefix = "arn:aws:iam::";
  auto colon = arn.find(':', prefix.size());
  if (arn.rfind(prefix, 0) != 0 || colon == std::string::npos ||
      arn.compare(colon + 1, 5, "role/") != 0 || arn.back() == '/') {
    return std::nullopt;
  }
  return role_reference{arn.substr(prefix.size(), colon - prefix.size()),
                        arn.substr(arn.rfind('/') + 1)};
}

// A role IAM does not have (accepted without --strict-iam) still gets one id for its sessions:
// derived from its ARN, so that it stays the same from call to call.
std::string derived_role_id(const std::string& arn) {
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out = "AROA";
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (int round = 0; out.size() < 21; ++round) {
    for (char c : arn) {
      h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    h ^= static_cast<std::uint64_t>(round);
    for (int i = 0; i < 12 && out.size() < 21; ++i, h >>= 5) {
      out += alphabet[h % alphabet.size()];
    }
  }
  return out;
}

// The share of the packed-policy quota a session policy takes, in percent; MalformedPolicyDocument
// when it is no JSON object.
int packed_policy_size(const std::string& policy) {
  json doc;
  try {
    doc = json::parse(policy);
  } catch (const json::exception&) {
    throw service_error("MalformedPolicyDocument", "The policy is not in the valid JSON format.");
  }
  if (!doc.is_object() || !doc.contains("Statement")) {
    throw service_error("MalformedPolicyDocument", "Syntax errors in policy.");
  }
  auto percent = static_cast<int>(std::ceil(static_cast<double>(doc.dump().size()) * 100 / 2048));
  if (percent > 100) {
    throw service_error("PackedPolicyTooLarge",
                        "Packed policy consumes " + std::to_string(percent) +
                            "% of allotted space, please use smaller policy for assume role");
  }
  return percent;
}

}  // namespace

json assume_role(api::request_context& ctx, const json& input, const options& opts) {
  auto arn = api::str(input, "RoleArn");
  auto session = api::str(input, "RoleSessionName");
  auto duration = api::opt_int(input, "DurationSeconds").value_or(3600);
  auto ref = parse_role_arn(arn);
  if (!ref) {
    throw validation(arn + " is invalid");
  }
  std::optional<int> packed;
  if (auto policy = api::opt_str(input, "Policy")) {
    packed = packed_policy_size(*policy);
  }
  auto caller = caller_credentials(ctx);
  if (caller && !caller->role_arn.empty() && duration > 3600) {
    throw validation(
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
        "role chaining.");
  }
  // Who asks, for AccessDenied's message: known before the write, which must not read again.
  auto who = caller && !caller->role_arn.empty()
                 ? assumed_role_arn(ctx.scope.account, caller->role_name, caller->session_name)
                 : "arn:aws:iam::" + ctx.scope.account + ":root";
  return ctx.db.write([&] {
    auto role = store::find_iam_role_by_arn(ctx.db, ctx.scope.account, arn);
    if (!role && opts.strict_iam) {
      throw access_denied("User: " + who +
                          " is not authorized to perform: sts:AssumeRole on resource: " + arn);
    }
    if (role && duration > role->max_session_duration) {
      throw validation(
          "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
    auto c = new_credentials(ctx, duration);
    c.role_arn = arn;
    c.role_id = role ? role->id : derived_role_id(arn);
    c.role_name = role ? role->name : ref->name;
    c.session_name = session;
    store::delete_expired_sts_credentials(ctx.db, ctx.clock.now() - 86400);
    store::put_sts_credential(ctx.db, c);
    json out{{"Credentials", render_credentials(c)},
             {"AssumedRoleUser",
              {{"AssumedRoleId", c.role_id + ":" + session},
               {"Arn", assumed_role_arn(ref->account, c.role_name, session)}}}};
    if (packed) {
      out["PackedPolicySize"] = *packed;
    }
    return out;
  });
}

json get_session_token(api::request_context& ctx, const json& input) {
  auto duration = api::opt_int(input, "DurationSeconds").value_or(43200);
  if (caller_credentials(ctx)) {
    throw access_denied("Cannot call GetSessionToken with session credentials");
  }
  auto c = new_credentials(ctx, duration);
  ctx.db.write([&] {
    store::delete_expired_sts_credentials(ctx.db, ctx.clock.now() - 86400);
    store::put_sts_credential(ctx.db, c);
  });
  return {{"Credentials", render_credentials(c)}};
}

}  // namespace minecs::sts
