// Checks a request's input (JSON keyed by member names, whatever protocol it came in) against the
// operation's input shape, answering the service's own error codes (input_error_codes).
#include <string>

#include "compiled_patterns.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/model/api_model.hpp"

namespace minecs::model {

namespace {

constexpr int max_validation_depth = 64;
constexpr std::size_t max_pattern_input = 4096;

std::string where(const std::string& path) {
  return path.empty() ? std::string("input") : path;
}

// A length (strings), a count (lists, maps) or a value (numbers) within the shape's min and max.
void check_bounds(const shape& s, double n, const char* what, const std::string& path,
                  const std::string& code) {
  if ((!s.min || n >= *s.min) && (!s.max || n <= *s.max)) {
    return;
  }
  std::string bound;
  if (s.min) {
    bound += " at least " + std::to_string(static_cast<long long>(*s.min));
  }
  if (s.min && s.max) {
    bound += " and";
  }
  if (s.max) {
    bound += " at most " + std::to_string(static_cast<long long>(*s.max));
  }
  throw service_error(code, std::string(what) + " of " + path + " must be" + bound + ".");
}

}  // namespace

void api_model::validate_input(std::string_view operation, const json& input) const {
  const auto* op = this->operation(operation);
  if (op == nullptr) {
    throw service_error("UnknownOperationException",
                        "Unknown operation " + std::string(operation) + ".");
  }
  if (!input.is_object()) {
    throw service_error(input_errors_.wrong_type, "The request body must be a JSON object.");
  }
  if (op->input.shape >= 0) {
    std::string path;
    validate(op->input.shape, input, path, 0);
  }
}

void api_model::validate_structure(const shape& s, const json& value, std::string& path,
                                   int depth) const {
  for (const auto& req : s.required) {
    auto m = value.find(req);
    if (m == value.end() || m->is_null()) {
      throw service_error(input_errors_.missing, "Missing required parameter " +
                                                     (path.empty() ? req : path + "." + req) + ".");
    }
  }
  for (const auto& member : s.members) {
    auto m = value.find(member.name);
    if (m == value.end() || m->is_null()) {
      continue;
    }
    auto saved = path.size();
    path += path.empty() ? member.name : "." + member.name;
    validate(member.ref.shape, *m, path, depth + 1);
    path.resize(saved);
  }
}

void api_model::validate_string(const shape& s, const json& value, const std::string& path) const {
  const auto& str = value.get_ref<const std::string&>();
  if (!s.enum_values.empty() && !s.enum_values.contains(str)) {
    std::string allowed;
    for (const auto& e : s.enum_values) {
      allowed += (allowed.empty() ? "" : ", ") + e;
    }
    throw service_error(input_errors_.invalid, "Invalid value '" + str + "' for " + path +
                                                   ". Valid values: " + allowed + ".");
  }
  check_bounds(s, static_cast<double>(str.size()), "The length", path, input_errors_.invalid);
  // std::regex backtracks recursively, a stack frame or more per character, so a body-sized
  // string would overflow the stack. Patterns in the models describe short identifiers; past
  // this length the pattern goes unchecked, as one this engine cannot express does.
  if (s.pattern_index >= 0 && str.size() <= max_pattern_input &&
      !std::regex_match(str,
                        body().patterns->regexes.at(static_cast<std::size_t>(s.pattern_index)))) {
    throw service_error(input_errors_.invalid,
                        "The value of " + path + " does not match the pattern " + s.pattern + ".");
  }
}

void api_model::validate(int index, const json& value, std::string& path, int depth) const {
  const shape& s = shape_at(index);
  if (depth > max_validation_depth) {
    throw service_error(input_errors_.wrong_type, "The request is nested too deeply.");
  }
  auto wrong_type = [&](const char* expected) {
    return service_error(input_errors_.wrong_type,
                         "Unexpected JSON type at " + where(path) + ": expected " + expected + ".");
  };
  auto length_check = [&](double n, const char* what) {
    check_bounds(s, n, what, path, input_errors_.invalid);
  };
  using k = shape_kind;
  switch (s.type) {
    case k::structure:
      if (!value.is_object()) {
        throw wrong_type("an object");
      }
      validate_structure(s, value, path, depth);
      return;
    case k::list: {
      if (!value.is_array()) {
        throw wrong_type("a list");
      }
      length_check(static_cast<double>(value.size()), "The number of items");
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i].is_null()) {
          continue;
        }
        auto saved = path.size();
        path += "[" + std::to_string(i) + "]";
        validate(s.member.shape, value[i], path, depth + 1);
        path.resize(saved);
      }
      return;
    }
    case k::map: {
      if (!value.is_object()) {
        throw wrong_type("a map");
      }
      length_check(static_cast<double>(value.size()), "The number of entries");
      for (const auto& [key, item] : value.items()) {
        auto saved = path.size();
        path += "." + key;
        validate(s.key.shape, json(key), path, depth + 1);
        if (!item.is_null()) {
          validate(s.value.shape, item, path, depth + 1);
        }
        path.resize(saved);
      }
      return;
    }
    case k::string:
      if (!value.is_string()) {
        throw wrong_type("a string");
      }
      validate_string(s, value, path);
      return;
    case k::integer:
    case k::long_:
      if (!value.is_number_integer()) {
        throw wrong_type("an integer");
      }
      length_check(static_cast<double>(value.get<long long>()), "The value");
      return;
    case k::double_:
      if (!value.is_number()) {
        throw wrong_type("a number");
      }
      length_check(value.get<double>(), "The value");
      return;
    case k::boolean:
      if (!value.is_boolean()) {
        throw wrong_type("a boolean");
      }
      return;
    case k::timestamp:
      if (!value.is_number() && !value.is_string()) {
        throw wrong_type("a timestamp");
      }
      return;
    case k::blob:
      if (!value.is_string()) {
        throw wrong_type("a base64 string");
      }
      return;
  }
}

}  // namespace minecs::model
