#include "credentials.hpp"

#include <cmath>

#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"

namespace minecs::sts {

namespace {

// `n` characters of `alphabet` drawn from the id generator's random hex.
std::string random_text(api::request_context& ctx, std::string_view alphabet, std::size_t n) {
  std::string out;
  std::string hex;
  for (std::size_t i = 0; out.size() < n; i += 2) {
    if (i + 2 > hex.size()) {
      hex = ctx.ids.hex32();
      i = 0;
    }
    auto byte = std::stoul(hex.substr(i, 2), nullptr, 16);
    out += alphabet[byte % alphabet.size()];
  }
  return out;
}

constexpr std::string_view key_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

store::sts_credential new_credentials(api::request_context& ctx, long long seconds) {
  store::sts_credential c;
  c.access_key_id = "ASIA" + random_text(ctx, key_alphabet, 16);
  c.secret_access_key = random_text(ctx, base64_alphabet, 40);
  // Real session tokens are a few hundred characters of base64, which clients pass back as is.
  c.session_token = "IQoJb3JpZ2luX2VjE" + random_text(ctx, base64_alphabet, 300);
  c.expiration = std::floor(ctx.clock.now()) + static_cast<double>(seconds);
  return c;
}

json render_credentials(const store::sts_credential& c) {
  return {{"AccessKeyId", c.access_key_id},
          {"SecretAccessKey", c.secret_access_key},
          {"SessionToken", c.session_token},
          {"Expiration", c.expiration}};
}

std::optional<store::sts_credential> caller_credentials(api::request_context& ctx) {
  if (ctx.access_key_id.rfind("ASIA", 0) != 0) {
    return std::nullopt;
  }
  return ctx.db.read([&] { return store::find_sts_credential(ctx.db, ctx.access_key_id); });
}

std::string assumed_role_arn(const std::string& account, const std::string& role,
                             const std::string& session) {
  return "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session;
}

}  // namespace minecs::sts
