#include <algorithm>
#include <string_view>

#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/ids.hpp"

namespace minecs::secretsmanager {

namespace {

constexpr std::string_view lowercase = "abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view digits = "0123456789";
constexpr std::string_view punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

// Random bytes from the id generator, 16 per hex32.
class random_bytes {
 public:
  explicit random_bytes(id_generator& ids) : ids_(ids) {}
  unsigned next() {
    if (at_ + 2 > hex_.size()) {
      hex_ = ids_.hex32();
      at_ = 0;
    }
    auto v = std::stoul(hex_.substr(at_, 2), nullptr, 16);
    at_ += 2;
    return static_cast<unsigned>(v);
  }
  // Uniform in [0, n), n <= 65536: draws past the largest multiple of n are drawn again.
  std::size_t below(std::size_t n) {
    std::size_t range = n <= 256 ? 256 : 65536;
    auto limit = range - range % n;
    while (true) {
      std::size_t b = next();
      if (range > 256) {
        b = b * 256 + next();
      }
      if (b < limit) {
        return b % n;
      }
    }
  }

 private:
  id_generator& ids_;
  std::string hex_;
  std::size_t at_ = 0;
};

json get_random_password(api::request_context& ctx, const json& input) {
  auto length = api::opt_int(input, "PasswordLength").value_or(32);
  auto exclude = api::str(input, "ExcludeCharacters");
  std::vector<std::string> classes;
  auto add_class = [&](std::string_view chars, const char* excluded_by) {
    if (api::boolean(input, excluded_by)) {
      return;
    }
    std::string kept;
    for (char c : chars) {
      if (exclude.find(c) == std::string::npos) {
        kept += c;
      }
    }
    if (!kept.empty()) {
      classes.push_back(kept);
    }
  };
  add_class(lowercase, "ExcludeLowercase");
  add_class(uppercase, "ExcludeUppercase");
  add_class(digits, "ExcludeNumbers");
  add_class(punctuation, "ExcludePunctuation");
  if (api::boolean(input, "IncludeSpace") && exclude.find(' ') == std::string::npos) {
    classes.emplace_back(" ");
  }
  bool each = api::boolean(input, "RequireEachIncludedType", true);
  if (classes.empty() || (each && static_cast<long long>(classes.size()) > length)) {
    throw service_error("InvalidParameterException",
                        "The password cannot be generated with the given requirements: no "
                        "characters are left to choose from, or the length is too short to "
                        "include every required type.");
  }
  std::string all;
  for (const auto& c : classes) {
    all += c;
  }
  random_bytes rnd(ctx.ids);
  std::string out;
  if (each) {
    for (const auto& c : classes) {
      out += c[rnd.below(c.size())];
    }
  }
  while (static_cast<long long>(out.size()) < length) {
    out += all[rnd.below(all.size())];
  }
  // The required ones shuffled in, so that they are not always at the front.
  for (std::size_t i = out.size() - 1; i > 0; --i) {
    std::swap(out[i], out[rnd.below(i + 1)]);
  }
  return json{{"RandomPassword", out}};
}

}  // namespace

void add_random_password_handler(api::handler_table& table) {
  table.add("GetRandomPassword", get_random_password);
}

}  // namespace minecs::secretsmanager
