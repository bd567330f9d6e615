#include "minecs/model/api_model.hpp"

#include <regex>
#include <set>

#include "minecs/core/service_error.hpp"

namespace minecs::model {

extern const std::string_view ecs_model_json;
extern const std::string_view logs_model_json;

struct api_model::shape {
  enum class kind {
    structure,
    list,
    map,
    string,
    integer,
    long_,
    boolean,
    double_,
    timestamp,
    blob
  };
  kind type = kind::string;
  std::vector<std::pair<std::string, int>> members;  // structure
  std::vector<std::string> required;                 // structure
  int member = -1, key = -1, value = -1;             // list / map
  std::set<std::string, std::less<>> enum_values;
  std::optional<double> min, max;
  std::optional<std::regex> pattern;
  std::string pattern_text;
};

namespace {

api_model::shape::kind kind_of(const std::string& t) {
  using k = api_model::shape::kind;
  if (t == "structure") {
    return k::structure;
  }
  if (t == "list") {
    return k::list;
  }
  if (t == "map") {
    return k::map;
  }
  if (t == "integer") {
    return k::integer;
  }
  if (t == "long") {
    return k::long_;
  }
  if (t == "boolean") {
    return k::boolean;
  }
  if (t == "double" || t == "float") {
    return k::double_;
  }
  if (t == "timestamp") {
    return k::timestamp;
  }
  if (t == "blob") {
    return k::blob;
  }
  return k::string;
}

// ECMAScript regex has no Unicode properties; the models use \p{L}, \p{Z}, \p{N} in tag patterns.
// Any byte >= 0x80 belongs to a non-ASCII code point, which we let through as a letter would be.
std::string to_ecmascript(const std::string& p) {
  std::string out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p.compare(i, 5, "\\p{L}") == 0) {
      out += "a-zA-Z\\x80-\\xff";
      i += 4;
    } else if (p.compare(i, 5, "\\p{Z}") == 0) {
      out += " ";
      i += 4;
    } else if (p.compare(i, 5, "\\p{N}") == 0) {
      out += "0-9";
      i += 4;
    } else {
      out += p[i];
    }
  }
  return out;
}

constexpr int max_depth = 64;
constexpr std::size_t max_pattern_input = 4096;

service_error serialization(const std::string& path, const char* expected) {
  return {"SerializationException", "Unexpected JSON type at " +
                                        (path.empty() ? std::string("input") : path) +
                                        ": expected " + expected + "."};
}

}  // namespace

std::shared_ptr<const api_model> api_model::parse(std::string_view model_json) {
  auto doc = json::parse(model_json);
  auto m = std::make_shared<api_model>();
  m->target_prefix_ = doc["metadata"].value("targetPrefix", "");
  m->service_id_ = doc["metadata"].value("serviceId", "");
  std::map<std::string, int> index;
  for (auto& [name, _] : doc["shapes"].items()) {
    index.emplace(name, static_cast<int>(index.size()));
  }
  m->shapes_.resize(index.size());
  auto ref = [&](const json& r) { return index.at(r.at("shape").get<std::string>()); };
  for (auto& [name, s] : doc["shapes"].items()) {
    auto& out = m->shapes_[index.at(name)];
    out.type = kind_of(s.value("type", "string"));
    if (s.contains("members")) {
      for (auto& [mname, mref] : s["members"].items()) {
        out.members.emplace_back(mname, ref(mref));
      }
    }
    if (s.contains("required")) {
      out.required = s["required"].get<std::vector<std::string>>();
    }
    if (s.contains("member")) {
      out.member = ref(s["member"]);
    }
    if (s.contains("key")) {
      out.key = ref(s["key"]);
    }
    if (s.contains("value")) {
      out.value = ref(s["value"]);
    }
    if (s.contains("enum")) {
      for (auto& e : s["enum"]) {
        out.enum_values.insert(e.get<std::string>());
      }
    }
    if (s.contains("min")) {
      out.min = s["min"].get<double>();
    }
    if (s.contains("max")) {
      out.max = s["max"].get<double>();
    }
    if (s.contains("pattern")) {
      out.pattern_text = s["pattern"].get<std::string>();
      try {
        out.pattern.emplace(to_ecmascript(out.pattern_text), std::regex::ECMAScript);
      } catch (const std::regex_error&) {
        // A pattern this engine cannot express is not enforced rather than enforced wrongly.
      }
    }
  }
  for (auto& [name, op] : doc["operations"].items()) {
    m->operation_inputs_[name] = op.contains("input") ? ref(op["input"]) : -1;
  }
  return m;
}

std::shared_ptr<const api_model> api_model::ecs() {
  static const auto model = parse(ecs_model_json);
  return model;
}

std::shared_ptr<const api_model> api_model::logs() {
  static const auto model = parse(logs_model_json);
  return model;
}

bool api_model::has_operation(std::string_view name) const {
  return operation_inputs_.find(name) != operation_inputs_.end();
}

std::vector<std::string> api_model::operation_names() const {
  std::vector<std::string> out;
  for (const auto& [name, _] : operation_inputs_) {
    out.push_back(name);
  }
  return out;
}

void api_model::validate_input(std::string_view operation, const json& input) const {
  auto it = operation_inputs_.find(operation);
  if (it == operation_inputs_.end()) {
    throw service_error("UnknownOperationException",
                        "Unknown operation " + std::string(operation) + ".");
  }
  if (!input.is_object()) {
    throw service_error("SerializationException", "The request body must be a JSON object.");
  }
  if (it->second >= 0) {
    std::string path;
    validate(it->second, input, path, 0);
  }
}

void api_model::validate(int index, const json& value, std::string& path, int depth) const {
  const shape& s = shapes_[static_cast<std::size_t>(index)];
  if (depth > max_depth) {
    throw service_error("SerializationException", "The request is nested too deeply.");
  }
  auto length_check = [&](double n, const char* what) {
    if ((s.min && n < *s.min) || (s.max && n > *s.max)) {
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
      throw invalid_parameter(std::string(what) + " of " + path + " must be" + bound + ".");
    }
  };
  using k = shape::kind;
  switch (s.type) {
    case k::structure: {
      if (!value.is_object()) {
        throw serialization(path, "an object");
      }
      for (const auto& req : s.required) {
        auto m = value.find(req);
        if (m == value.end() || m->is_null()) {
          throw invalid_parameter("Missing required parameter " +
                                  (path.empty() ? req : path + "." + req) + ".");
        }
      }
      for (const auto& [name, member_shape] : s.members) {
        auto m = value.find(name);
        if (m == value.end() || m->is_null()) {
          continue;
        }
        auto saved = path.size();
        path += path.empty() ? name : "." + name;
        validate(member_shape, *m, path, depth + 1);
        path.resize(saved);
      }
      return;
    }
    case k::list: {
      if (!value.is_array()) {
        throw serialization(path, "a list");
      }
      length_check(static_cast<double>(value.size()), "The number of items");
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i].is_null()) {
          continue;
        }
        auto saved = path.size();
        path += "[" + std::to_string(i) + "]";
        validate(s.member, value[i], path, depth + 1);
        path.resize(saved);
      }
      return;
    }
    case k::map: {
      if (!value.is_object()) {
        throw serialization(path, "a map");
      }
      length_check(static_cast<double>(value.size()), "The number of entries");
      for (const auto& [key, item] : value.items()) {
        auto saved = path.size();
        path += "." + key;
        validate(s.key, json(key), path, depth + 1);
        if (!item.is_null()) {
          validate(s.value, item, path, depth + 1);
        }
        path.resize(saved);
      }
      return;
    }
    case k::string: {
      if (!value.is_string()) {
        throw serialization(path, "a string");
      }
      const auto& str = value.get_ref<const std::string&>();
      if (!s.enum_values.empty() && !s.enum_values.contains(str)) {
        std::string allowed;
        for (const auto& e : s.enum_values) {
          allowed += (allowed.empty() ? "" : ", ") + e;
        }
        throw invalid_parameter("Invalid value '" + str + "' for " + path +
                                ". Valid values: " + allowed + ".");
      }
      length_check(static_cast<double>(str.size()), "The length");
      // std::regex backtracks recursively, a stack frame or more per character, so a body-sized
      // string would overflow the stack. Patterns in the models describe short identifiers; past
      // this length the pattern goes unchecked, as one this engine cannot express does.
      if (s.pattern && str.size() <= max_pattern_input && !std::regex_match(str, *s.pattern)) {
        throw invalid_parameter("The value of " + path + " does not match the pattern " +
                                s.pattern_text + ".");
      }
      return;
    }
    case k::integer:
    case k::long_: {
      if (!value.is_number_integer()) {
        throw serialization(path, "an integer");
      }
      length_check(static_cast<double>(value.get<long long>()), "The value");
      return;
    }
    case k::double_:
      if (!value.is_number()) {
        throw serialization(path, "a number");
      }
      length_check(value.get<double>(), "The value");
      return;
    case k::boolean:
      if (!value.is_boolean()) {
        throw serialization(path, "a boolean");
      }
      return;
    case k::timestamp:
      if (!value.is_number() && !value.is_string()) {
        throw serialization(path, "a timestamp");
      }
      return;
    case k::blob:
      if (!value.is_string()) {
        throw serialization(path, "a base64 string");
      }
      return;
  }
}

}  // namespace minecs::model
