#pragma once
// The models' string patterns compiled once, shared by parsing (which compiles them) and
// validation (which matches them); kept out of the public header so that its users do not parse
// <regex>.
#include <regex>
#include <vector>

#include "minecs/model/api_model.hpp"

namespace minecs::model {

struct api_model::compiled_patterns {
  std::vector<std::regex> regexes;  // shape::pattern_index points here
};

}  // namespace minecs::model
