// Reads a botocore model (api-models/) into shape records once: the metadata that picks the wire
// protocol and names the service, the operations' input and output shapes, and every shape with
// the wire names of each use of it. Validation is in validate.cpp.
#include "minecs/model/api_model.hpp"

#include <algorithm>

#include "compiled_patterns.hpp"

namespace minecs::model {

extern const std::string_view ecs_model_json;
extern const std::string_view logs_model_json;
extern const std::string_view sts_model_json;
extern const std::string_view ec2_model_json;
extern const std::string_view elbv2_model_json;
extern const std::string_view ssm_model_json;
extern const std::string_view servicediscovery_model_json;
extern const std::string_view iam_model_json;
extern const std::string_view secretsmanager_model_json;
extern const std::string_view ecr_model_json;
extern const std::string_view autoscaling_model_json;

namespace {

shape_kind kind_of(const std::string& t) {
  static const std::map<std::string, shape_kind, std::less<>> kinds = {
      {"structure", shape_kind::structure},
      {"list", shape_kind::list},
      {"map", shape_kind::map},
      {"integer", shape_kind::integer},
      {"long", shape_kind::long_},
      {"boolean", shape_kind::boolean},
      {"double", shape_kind::double_},
      {"float", shape_kind::double_},
      {"timestamp", shape_kind::timestamp},
      {"blob", shape_kind::blob}};
  auto it = kinds.find(t);
  return it == kinds.end() ? shape_kind::string : it->second;
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

wire_protocol protocol_of(const json& metadata) {
  std::string name = metadata.value("protocol", "json");
  auto list = metadata.find("protocols");
  if (list != metadata.end() && list->is_array() && !list->empty()) {
    name = list->front().get<std::string>();
  }
  if (name == "query") {
    return wire_protocol::query;
  }
  if (name == "ec2") {
    return wire_protocol::ec2;
  }
  return wire_protocol::json;
}

input_error_codes input_errors_of(wire_protocol protocol) {
  switch (protocol) {
    case wire_protocol::query:
      return {"ValidationError", "ValidationError", "ValidationError", ""};
    case wire_protocol::ec2:
      return {"InvalidParameterValue", "MissingParameter", "InvalidParameterValue",
              "UnknownParameter"};
    case wire_protocol::json:
      break;
  }
  return {"SerializationException", "InvalidParameterException", "InvalidParameterException", ""};
}

// Builds the shape references of one model: botocore merges a reference's traits over those of
// the shape it names (model.py, Shape.serialization), and so does this.
class ref_builder {
 public:
  explicit ref_builder(const json& shapes) : shapes_(shapes) {
    for (const auto& [name, _] : shapes.items()) {
      index_.emplace(name, static_cast<int>(index_.size()));
    }
  }
  std::size_t size() const { return index_.size(); }
  int index_of(const std::string& name) const { return index_.at(name); }

  shape_ref operator()(const json& ref) const {
    const auto& name = ref.at("shape").get_ref<const std::string&>();
    const json& target = shapes_.at(name);
    auto trait = [&](const char* key) -> const json* {
      if (auto it = ref.find(key); it != ref.end()) {
        return &*it;
      }
      if (auto it = target.find(key); it != target.end()) {
        return &*it;
      }
      return nullptr;
    };
    shape_ref out;
    out.shape = index_of(name);
    if (const json* v = trait("locationName")) {
      out.location_name = v->get<std::string>();
    }
    if (const json* v = trait("queryName")) {
      out.query_name = v->get<std::string>();
    }
    if (const json* v = trait("flattened")) {
      out.flattened = v->get<bool>();
    }
    if (const json* v = trait("xmlAttribute")) {
      out.xml_attribute = v->get<bool>();
    }
    if (const json* v = trait("timestampFormat")) {
      out.timestamp_format = v->get<std::string>();
    }
    return out;
  }

 private:
  const json& shapes_;
  std::map<std::string, int, std::less<>> index_;
};

void read_constraints(const json& s, shape& out, api_model::compiled_patterns& patterns) {
  if (s.contains("enum")) {
    for (const auto& e : s["enum"]) {
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
    out.pattern = s["pattern"].get<std::string>();
    try {
      patterns.regexes.emplace_back(to_ecmascript(out.pattern), std::regex::ECMAScript);
      out.pattern_index = static_cast<int>(patterns.regexes.size()) - 1;
    } catch (const std::regex_error&) {
      // A pattern this engine cannot express is not enforced rather than enforced wrongly.
    }
  }
}

std::string with_trailing_slash(std::string ns) {
  if (!ns.empty() && ns.back() != '/') {
    ns += '/';
  }
  return ns;
}

std::shared_ptr<const api_model::contents> read_contents(const json& doc) {
  const json& shapes = doc.at("shapes");
  ref_builder ref(shapes);
  auto out = std::make_shared<api_model::contents>();
  auto patterns = std::make_shared<api_model::compiled_patterns>();
  out->shapes.resize(ref.size());
  for (const auto& [name, s] : shapes.items()) {
    auto& one = out->shapes[static_cast<std::size_t>(ref.index_of(name))];
    one.type = kind_of(s.value("type", "string"));
    if (s.contains("members")) {
      for (const auto& [member_name, member_ref] : s["members"].items()) {
        one.members.push_back({member_name, ref(member_ref)});
      }
      // A json object iterates in key order already; sorted here all the same, as the XML
      // encoder walks members and an output object's keys side by side.
      std::sort(one.members.begin(), one.members.end(),
                [](const shape_member& a, const shape_member& b) { return a.name < b.name; });
    }
    if (s.contains("required")) {
      one.required = s["required"].get<std::vector<std::string>>();
    }
    if (s.contains("member")) {
      one.member = ref(s["member"]);
    }
    if (s.contains("key")) {
      one.key = ref(s["key"]);
    }
    if (s.contains("value")) {
      one.value = ref(s["value"]);
    }
    read_constraints(s, one, *patterns);
  }
  out->patterns = std::move(patterns);
  for (const auto& [name, op] : doc.at("operations").items()) {
    api_model::operation_shapes shapes_of_op;
    if (op.contains("input")) {
      shapes_of_op.input = ref(op["input"]);
    }
    if (op.contains("output")) {
      shapes_of_op.output = ref(op["output"]);
      shapes_of_op.result_wrapper = op["output"].value("resultWrapper", "");
    }
    out->operations.emplace(name, std::move(shapes_of_op));
  }
  return out;
}

// Reads only the metadata object of a model's text and stops at the next top-level key: the
// models are written with sorted keys, so it comes before the operations and shapes.
class metadata_reader : public nlohmann::json_sax<json> {
 public:
  json metadata = json::object();

  bool key(string_t& name) override {
    if (depth_ == 1) {
      if (read_) {
        return false;
      }
      in_metadata_ = name == "metadata";
    } else if (in_metadata_ && depth_ == 2) {
      current_ = name;
    }
    return true;
  }
  bool start_object(std::size_t) override {
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    read_ = read_ || (in_metadata_ && depth_ == 1);
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;
    if (in_metadata_ && depth_ == 3) {
      metadata[current_] = json::array();
    }
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool string(string_t& text) override { return value(text); }
  bool boolean(bool b) override { return value(b); }
  bool number_integer(number_integer_t n) override { return value(n); }
  bool number_unsigned(number_unsigned_t n) override { return value(n); }
  bool number_float(number_float_t n, const string_t&) override { return value(n); }
  bool null() override { return true; }
  bool binary(binary_t&) override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  int depth_ = 0;
  bool in_metadata_ = false;
  bool read_ = false;
  std::string current_;

  bool value(json v) {
    if (in_metadata_ && depth_ == 2) {
      metadata[current_] = std::move(v);
    } else if (in_metadata_ && depth_ == 3) {
      metadata[current_].push_back(std::move(v));
    }
    return true;
  }
};

}  // namespace

std::shared_ptr<const api_model> api_model::parse(std::string_view model_json) {
  auto doc = json::parse(model_json);
  auto m = std::make_shared<api_model>();
  m->read_metadata(doc["metadata"]);
  m->contents_ = read_contents(doc);
  return m;
}

std::shared_ptr<const api_model> api_model::embedded(std::string_view model_json) {
  metadata_reader reader;
  json::sax_parse(model_json.data(), model_json.data() + model_json.size(), &reader);
  auto m = std::make_shared<api_model>();
  m->read_metadata(reader.metadata);
  m->source_ = model_json;
  return m;
}

void api_model::read_metadata(const json& metadata) {
  target_prefix_ = metadata.value("targetPrefix", "");
  service_id_ = metadata.value("serviceId", "");
  protocol_ = protocol_of(metadata);
  api_version_ = metadata.value("apiVersion", "");
  signing_name_ = metadata.value("signingName", metadata.value("endpointPrefix", ""));
  xml_namespace_ = with_trailing_slash(metadata.value("xmlNamespace", ""));
  input_errors_ = input_errors_of(protocol_);
  if (service_id_ == "SSM") {
    // SSM answers every request that breaks its model's constraints with ValidationException.
    input_errors_.missing = input_errors_.invalid = "ValidationException";
  }
  if (service_id_ == "ServiceDiscovery") {
    // Cloud Map's one input error is InvalidInput.
    input_errors_.missing = input_errors_.invalid = "InvalidInput";
  }
}

const api_model::contents& api_model::body() const {
  if (!source_.empty()) {
    std::call_once(read_once_, [this] { contents_ = read_contents(json::parse(source_)); });
  }
  return *contents_;
}

std::shared_ptr<const api_model> api_model::ecs() {
  static const auto model = embedded(ecs_model_json);
  return model;
}

std::shared_ptr<const api_model> api_model::logs() {
  static const auto model = embedded(logs_model_json);
  return model;
}

std::shared_ptr<const api_model> api_model::sts() {
  static const auto model = embedded(sts_model_json);
  return model;
}

std::shared_ptr<const api_model> api_model::ec2() {
  static const auto model = embedded(ec2_model_json);
  return model;
}

std::shared_ptr<const api_model> api_model::elbv2() {
  static const auto model = embedded(elbv2_model_json);
  return model;
}

std::shared_ptr<const api_model> api_model::ssm() {
  static const auto model = embedded(ssm_model_json);
  return model;
}

std::shared_ptr<const api_model> api_model::servicediscovery() {
  static const auto model = embedded(servicediscovery_model_json);
  return model;
}

std::shared_ptr<const api_model> api_model::secretsmanager() {
  static const auto model = embedded(secretsmanager_model_json);
  return model;
}

std::shared_ptr<const api_model> api_model::iam() {
  static const auto model = embedded(iam_model_json);
  return model;
}

std::shared_ptr<const api_model> api_model::autoscaling() {
  static const auto model = embedded(autoscaling_model_json);
  return model;
}

std::shared_ptr<const api_model> api_model::ecr() {
  static const auto model = embedded(ecr_model_json);
  return model;
}

bool api_model::has_operation(std::string_view name) const {
  return operation(name) != nullptr;
}

const api_model::operation_shapes* api_model::operation(std::string_view name) const {
  const auto& operations = body().operations;
  auto it = operations.find(name);
  return it == operations.end() ? nullptr : &it->second;
}

const shape& api_model::shape_at(int index) const {
  return body().shapes.at(static_cast<std::size_t>(index));
}

std::vector<std::string> api_model::operation_names() const {
  std::vector<std::string> out;
  for (const auto& [name, _] : body().operations) {
    out.push_back(name);
  }
  return out;
}

}  // namespace minecs::model
