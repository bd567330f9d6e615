// Query and EC2 parameters into an operation's JSON input: the parameter names form a tree
// ("Filter.1.Value.2" is Filter → 1 → Value → 2) that is walked along the model's input shape,
// naming each member, list and map as botocore's QuerySerializer and EC2Serializer do.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <string>
#include <vector>

#include "iso8601.hpp"
#include "minecs/protocol/aws_query.hpp"

namespace minecs::protocol {

namespace {

constexpr int max_decode_depth = 64;
constexpr std::size_t max_index_digits = 9;
constexpr std::size_t max_quoted_value = 64;

struct param_node {
  std::map<std::string, int, std::less<>> children;
  int param = -1;  // the parameter named exactly here, -1 when none is
};

std::string joined(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

const char* expected_of(model::shape_kind kind) {
  using k = model::shape_kind;
  switch (kind) {
    case k::structure:
      return "a structure (Name.Member=...)";
    case k::list:
      return "a list (Name.1=..., Name.2=...)";
    case k::map:
      return "a map (Name.entry.1.key=..., Name.entry.1.value=...)";
    case k::integer:
    case k::long_:
      return "an integer";
    case k::boolean:
      return "true or false";
    case k::double_:
      return "a number";
    case k::timestamp:
      return "an ISO 8601 timestamp";
    case k::string:
    case k::blob:
      break;
  }
  return "a string";
}

template <typename Number>
std::optional<Number> number_of(const std::string& text) {
  Number value{};
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc{} || stop != end) {
    return std::nullopt;
  }
  return value;
}

std::optional<bool> boolean_of(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (text == "true" || text == "false") {
    return text == "true";
  }
  return std::nullopt;
}

class query_decoder {
 public:
  query_decoder(const model::api_model& model, const form_params& params)
      : model_(model),
        params_(params),
        ec2_(model.protocol() == model::wire_protocol::ec2),
        used_(params.size(), false) {
    nodes_.emplace_back();
    for (std::size_t i = 0; i < params.size(); ++i) {
      add(static_cast<int>(i));
    }
  }

  json input(const model::shape_ref& ref) {
    json out = json::object();
    if (ref.shape >= 0) {
      out = structure(model_.shape_at(ref.shape), 0, "", 0);
    }
    const auto& unknown = model_.input_errors().unknown_parameter;
    for (std::size_t i = 0; i < params_.size() && !unknown.empty(); ++i) {
      if (!used_[i]) {
        throw service_error(unknown, "The parameter " + params_[i].first + " is not recognized.");
      }
    }
    return out;
  }

 private:
  const model::api_model& model_;
  const form_params& params_;
  bool ec2_;
  std::vector<bool> used_;
  std::vector<param_node> nodes_;

  void add(int param) {
    std::string_view name = params_[static_cast<std::size_t>(param)].first;
    int at = 0;
    while (true) {
      auto dot = name.find('.');
      auto segment = name.substr(0, dot);
      auto& children = nodes_[static_cast<std::size_t>(at)].children;
      auto it = children.find(segment);
      if (it == children.end()) {
        int next = static_cast<int>(nodes_.size());
        children.emplace(std::string(segment), next);
        nodes_.emplace_back();
        at = next;
      } else {
        at = it->second;
      }
      if (dot == std::string_view::npos) {
        break;
      }
      name.remove_prefix(dot + 1);
    }
    auto& node = nodes_[static_cast<std::size_t>(at)];
    if (node.param >= 0) {
      throw service_error("MalformedQueryString",
                          "The parameter " + params_[static_cast<std::size_t>(param)].first +
                              " is given more than once.",
                          404);
    }
    node.param = param;
  }

  const param_node& node_at(int index) const { return nodes_[static_cast<std::size_t>(index)]; }
  const std::string& value_of(const param_node& n) const {
    return params_[static_cast<std::size_t>(n.param)].second;
  }
  void use(const param_node& n) { used_[static_cast<std::size_t>(n.param)] = true; }

  service_error wrong_type(const std::string& name, const param_node& n,
                           model::shape_kind kind) const {
    std::string value;
    if (n.param >= 0) {
      auto text = value_of(n);
      value =
          " '" + text.substr(0, max_quoted_value) + (text.size() > max_quoted_value ? "...'" : "'");
    }
    return {model_.input_errors().wrong_type, "Invalid value" + value + " for parameter " + name +
                                                  ": expected " + expected_of(kind) + "."};
  }

  // The name a member goes by: EC2 queryName, else its locationName capitalized, else the member
  // name; Query its locationName, else the member name, except that a flattened list takes the
  // name of its member.
  std::string member_key(const model::shape_member& m) const {
    const auto& r = m.ref;
    if (ec2_) {
      if (!r.query_name.empty()) {
        return r.query_name;
      }
      return r.location_name.empty() ? m.name : capitalized(r.location_name);
    }
    const auto& target = model_.shape_at(r.shape);
    if (target.type == model::shape_kind::list && r.flattened &&
        !target.member.location_name.empty()) {
      return target.member.location_name;
    }
    return r.location_name.empty() ? m.name : r.location_name;
  }

  // A map's key or value element name.
  std::string entry_name(const model::shape_ref& r, const char* fallback) const {
    if (ec2_ && !r.query_name.empty()) {
      return r.query_name;
    }
    if (r.location_name.empty()) {
      return fallback;
    }
    return ec2_ ? capitalized(r.location_name) : r.location_name;
  }

  static std::string capitalized(std::string name) {
    name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name;
  }

  // The children named 1, 2, ... (no sign, no leading zero), in numeric order.
  std::vector<std::pair<long, int>> indexed_children(const param_node& n) const {
    std::vector<std::pair<long, int>> out;
    for (const auto& [key, child] : n.children) {
      if (key.empty() || key.size() > max_index_digits || key[0] == '0' ||
          key.find_first_not_of("0123456789") != std::string::npos) {
        continue;
      }
      out.emplace_back(std::stol(key), child);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::optional<json> decode(const model::shape_ref& ref, int node, const std::string& name,
                             int depth) {
    const auto& s = model_.shape_at(ref.shape);
    if (depth > max_decode_depth) {
      throw service_error(model_.input_errors().wrong_type,
                          "The parameter " + name + " is nested too deeply.");
    }
    switch (s.type) {
      case model::shape_kind::structure:
        return structure(s, node, name, depth);
      case model::shape_kind::list:
        return list(ref, s, node, name, depth);
      case model::shape_kind::map:
        return map(ref, s, node, name, depth);
      default:
        return scalar(ref, s, node, name);
    }
  }

  json structure(const model::shape& s, int node, const std::string& name, int depth) {
    const auto& n = node_at(node);
    if (n.children.empty() && n.param >= 0) {
      throw wrong_type(name, n, model::shape_kind::structure);
    }
    json out = json::object();
    for (const auto& m : s.members) {
      auto key = member_key(m);
      auto child = n.children.find(key);
      if (child == n.children.end()) {
        continue;
      }
      if (auto value = decode(m.ref, child->second, joined(name, key), depth + 1)) {
        out[m.name] = std::move(*value);
      }
    }
    return out;
  }

  std::optional<json> list(const model::shape_ref& ref, const model::shape& s, int node,
                           const std::string& name, int depth) {
    const auto* items = &node_at(node);
    std::string items_name = name;
    bool empty_marker = false;
    if (items->param >= 0 && (!value_of(*items).empty() || ec2_ || ref.flattened)) {
      throw wrong_type(name, *items, model::shape_kind::list);
    }
    if (!ec2_ && !ref.flattened) {
      // botocore's query serializer sends an empty list as "Name=" and items as Name.member.N.
      if (items->param >= 0) {
        use(*items);
        empty_marker = true;
      }
      auto wrapper =
          s.member.location_name.empty() ? std::string("member") : s.member.location_name;
      auto it = items->children.find(wrapper);
      if (it == items->children.end()) {
        return empty_marker ? std::optional(json::array()) : std::nullopt;
      }
      items_name = joined(name, wrapper);
      items = &node_at(it->second);
    }
    json out = json::array();
    for (auto [index, child] : indexed_children(*items)) {
      auto item = decode(s.member, child, joined(items_name, std::to_string(index)), depth + 1);
      if (item) {
        out.push_back(std::move(*item));
      }
    }
    if (out.empty() && !empty_marker) {
      return std::nullopt;
    }
    return out;
  }

  std::optional<json> map(const model::shape_ref& ref, const model::shape& s, int node,
                          const std::string& name, int depth) {
    const auto* entries = &node_at(node);
    std::string entries_name = name;
    if (entries->param >= 0) {
      throw wrong_type(name, *entries, model::shape_kind::map);
    }
    if (!ref.flattened) {
      auto it = entries->children.find("entry");
      if (it == entries->children.end()) {
        return std::nullopt;
      }
      entries_name = joined(name, "entry");
      entries = &node_at(it->second);
    }
    auto key_name = entry_name(s.key, "key");
    auto value_name = entry_name(s.value, "value");
    json out = json::object();
    for (auto [index, child] : indexed_children(*entries)) {
      const auto& entry = node_at(child);
      auto entry_prefix = joined(entries_name, std::to_string(index));
      auto k = entry.children.find(key_name);
      if (k == entry.children.end()) {
        continue;
      }
      auto key =
          scalar(s.key, model_.shape_at(s.key.shape), k->second, joined(entry_prefix, key_name));
      json value;
      if (auto v = entry.children.find(value_name); v != entry.children.end()) {
        value = decode(s.value, v->second, joined(entry_prefix, value_name), depth + 1)
                    .value_or(json());
      }
      out[key.is_string() ? key.get<std::string>() : key.dump()] = std::move(value);
    }
    if (out.empty()) {
      return std::nullopt;
    }
    return out;
  }

  json scalar(const model::shape_ref& ref, const model::shape& s, int node,
              const std::string& name) {
    const auto& n = node_at(node);
    if (n.param < 0) {
      throw wrong_type(name, n, s.type);
    }
    use(n);
    const auto& text = value_of(n);
    std::optional<json> out;
    switch (s.type) {
      case model::shape_kind::integer:
      case model::shape_kind::long_:
        if (auto v = number_of<long long>(text)) {
          out = *v;
        }
        break;
      case model::shape_kind::double_:
        if (auto v = number_of<double>(text)) {
          out = *v;
        }
        break;
      case model::shape_kind::boolean:
        if (auto v = boolean_of(text)) {
          out = *v;
        }
        break;
      case model::shape_kind::timestamp:
        if (auto v = ref.timestamp_format == "unixTimestamp" ? number_of<double>(text)
                                                             : parse_iso8601(text)) {
          out = *v;
        } else if (auto seconds = number_of<double>(text)) {
          out = *seconds;  // epoch seconds, which AWS accepts as well
        }
        break;
      default:
        out = text;
    }
    if (!out) {
      throw wrong_type(name, n, s.type);
    }
    return *out;
  }
};

}  // namespace

json decode_query_input(const model::api_model& model, std::string_view operation,
                        const form_params& params) {
  const auto* op = model.operation(operation);
  if (op == nullptr) {
    throw service_error("InvalidAction", "The action " + std::string(operation) +
                                             " is not valid for this web "
                                             "service.");
  }
  query_decoder decoder(model, params);
  return decoder.input(op->input);
}

}  // namespace minecs::protocol
