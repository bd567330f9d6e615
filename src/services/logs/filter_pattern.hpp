#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace minecs::logs {

// The term form of CloudWatch Logs filter patterns: `ERROR timeout` (every term), `"two words"`
// (a phrase), `?ERROR ?WARN` (any of them), `-DEBUG` (none of them); terms are case-sensitive
// substrings. Empty matches everything. JSON (`{ $.x = 1 }`), space-delimited (`[a, b]`) and
// regex (`%re%`) patterns answer InvalidParameterException: not supported yet.
class filter_pattern {
 public:
  static filter_pattern parse(std::string_view text);
  bool matches(std::string_view message) const;

 private:
  std::vector<std::string> all_;
  std::vector<std::string> any_;
  std::vector<std::string> none_;
};

}  // namespace minecs::logs
