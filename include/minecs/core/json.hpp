#pragma once
#include <nlohmann/json.hpp>

namespace minecs {
using json = nlohmann::json;
}
