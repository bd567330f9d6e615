// An operation's JSON output into the XML reply of the Query or EC2 protocol, element by element
// in the shapes of the model, named as botocore's QueryParser and EC2QueryParser look for them;
// and the error replies of both.
#include <stdexcept>
#include <string>

#include "iso8601.hpp"
#include "minecs/protocol/aws_query.hpp"
#include "xml_text.hpp"

namespace minecs::protocol {

namespace {

constexpr int max_encode_depth = 64;
constexpr std::string_view xml_declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

class xml_encoder {
 public:
  xml_encoder(const model::api_model& model, std::string& out)
      : model_(model), ec2_(model.protocol() == model::wire_protocol::ec2), out_(out) {}

  // The members of a structure shape (`value` is an object) as child elements of the element
  // being written. The shape's members and the object's keys are both sorted by name, so one
  // pass over the two finds every member present without a lookup per member.
  void members(const model::shape& s, const json& value, int depth) {
    auto it = value.begin();
    for (const auto& m : s.members) {
      while (it != value.end() && it.key() < m.name) {
        ++it;
      }
      if (it == value.end()) {
        return;
      }
      if (it.key() != m.name || it->is_null() || m.ref.xml_attribute) {
        continue;
      }
      encode(m.ref, *it, element_name(m), depth + 1);
    }
  }

 private:
  const model::api_model& model_;
  bool ec2_;
  std::string& out_;

  // botocore's _member_key_name: a flattened list goes by its member's name when that has one.
  // A reference into the model, which outlives the encoder: no copy per element written.
  const std::string& element_name(const model::shape_member& m) const {
    const auto& target = model_.shape_at(m.ref.shape);
    if (target.type == model::shape_kind::list && m.ref.flattened &&
        !target.member.location_name.empty()) {
      return target.member.location_name;
    }
    return m.ref.location_name.empty() ? m.name : m.ref.location_name;
  }

  [[noreturn]] static void misfit(std::string_view element, const char* expected) {
    throw std::logic_error("output element " + std::string(element) + " is not " + expected +
                           " as the model says");
  }

  void open(std::string_view name, const model::shape* attributes_of = nullptr,
            const json* value = nullptr) {
    out_ += '<';
    out_ += name;
    if (attributes_of != nullptr) {
      for (const auto& m : attributes_of->members) {
        if (!m.ref.xml_attribute) {
          continue;
        }
        auto it = value->find(m.name);
        if (it == value->end() || !it->is_string()) {
          continue;
        }
        out_ += ' ';
        out_ += m.ref.location_name.empty() ? m.name : m.ref.location_name;
        out_ += "=\"";
        append_xml_text(out_, it->get_ref<const std::string&>());
        out_ += '"';
      }
    }
    out_ += '>';
  }

  void close(std::string_view name) {
    out_ += "</";
    out_ += name;
    out_ += '>';
  }

  void encode(const model::shape_ref& ref, const json& value, std::string_view element, int depth) {
    if (depth > max_encode_depth) {
      misfit(element, "nested within 64 levels");
    }
    const auto& s = model_.shape_at(ref.shape);
    switch (s.type) {
      case model::shape_kind::structure:
        if (!value.is_object()) {
          misfit(element, "an object");
        }
        open(element, &s, &value);
        members(s, value, depth);
        close(element);
        return;
      case model::shape_kind::list:
        list(ref, s, value, element, depth);
        return;
      case model::shape_kind::map:
        map(ref, s, value, element, depth);
        return;
      default:
        if (value.is_string()) {
          append_xml_element(out_, element, value.get_ref<const std::string&>());
          return;
        }
        append_xml_element(out_, element, scalar_text(ref, s, value, element));
    }
  }

  void list(const model::shape_ref& ref, const model::shape& s, const json& value,
            std::string_view element, int depth) {
    if (!value.is_array()) {
      misfit(element, "a list");
    }
    if (ref.flattened) {
      for (const auto& item : value) {
        encode(s.member, item, element, depth + 1);
      }
      return;
    }
    std::string_view item_name = s.member.location_name;
    if (item_name.empty()) {
      item_name = ec2_ ? "item" : "member";
    }
    open(element);
    for (const auto& item : value) {
      encode(s.member, item, item_name, depth + 1);
    }
    close(element);
  }

  void map(const model::shape_ref& ref, const model::shape& s, const json& value,
           std::string_view element, int depth) {
    if (!value.is_object()) {
      misfit(element, "a map");
    }
    auto key_name = s.key.location_name.empty() ? std::string("key") : s.key.location_name;
    auto value_name = s.value.location_name.empty() ? std::string("value") : s.value.location_name;
    auto entry = ref.flattened ? std::string(element) : std::string("entry");
    if (!ref.flattened) {
      open(element);
    }
    for (const auto& [key, item] : value.items()) {
      open(entry);
      append_xml_element(out_, key_name, key);
      if (!item.is_null()) {
        encode(s.value, item, value_name, depth + 1);
      }
      close(entry);
    }
    if (!ref.flattened) {
      close(element);
    }
  }

  static std::string scalar_text(const model::shape_ref& ref, const model::shape& s,
                                 const json& value, std::string_view element) {
    if (value.is_string()) {
      return value.get<std::string>();
    }
    switch (s.type) {
      case model::shape_kind::boolean:
        if (!value.is_boolean()) {
          misfit(element, "a boolean");
        }
        return value.get<bool>() ? "true" : "false";
      case model::shape_kind::timestamp:
        if (!value.is_number()) {
          misfit(element, "a timestamp");
        }
        if (ref.timestamp_format == "unixTimestamp") {
          return value.dump();
        }
        return format_iso8601(value.get<double>());
      case model::shape_kind::integer:
      case model::shape_kind::long_:
      case model::shape_kind::double_:
        if (!value.is_number()) {
          misfit(element, "a number");
        }
        return value.dump();
      default:
        misfit(element, "a string");
    }
  }
};

}  // namespace

http_reply encode_query_result(const model::api_model& model, std::string_view operation,
                               const json& output, const std::string& request_id) {
  const auto* op = model.operation(operation);
  if (op == nullptr) {
    throw std::logic_error("no operation " + std::string(operation) + " in the model");
  }
  std::string root = std::string(operation) + "Response";
  http_reply reply{200, std::string(xml_declaration), {}, "text/xml"};
  auto& out = reply.body;
  out += "<" + root + " xmlns=\"";
  append_xml_text(out, model.xml_namespace());
  out += "\">";
  bool ec2 = model.protocol() == model::wire_protocol::ec2;
  if (ec2) {
    append_xml_element(out, "requestId", request_id);
  }
  if (op->output.shape >= 0) {
    if (!output.is_object()) {
      throw std::logic_error("the output of " + std::string(operation) + " is not an object");
    }
    xml_encoder encoder(model, out);
    bool wrapped = !ec2 && !op->result_wrapper.empty();
    if (wrapped) {
      out += "<" + op->result_wrapper + ">";
    }
    encoder.members(model.shape_at(op->output.shape), output, 0);
    if (wrapped) {
      out += "</" + op->result_wrapper + ">";
    }
  }
  if (!ec2) {
    out += "<ResponseMetadata>";
    append_xml_element(out, "RequestId", request_id);
    out += "</ResponseMetadata>";
  }
  out += "</" + root + ">";
  return reply;
}

http_reply encode_query_error(model::wire_protocol protocol, const std::string& xml_namespace,
                              const service_error& error, const std::string& request_id) {
  http_reply reply{error.http_status(), std::string(xml_declaration), error.code(), "text/xml"};
  auto& out = reply.body;
  if (protocol == model::wire_protocol::ec2) {
    out += "<Response><Errors><Error>";
    append_xml_element(out, "Code", error.code());
    append_xml_element(out, "Message", error.what());
    out += "</Error></Errors>";
    append_xml_element(out, "RequestID", request_id);
    out += "</Response>";
    return reply;
  }
  out += "<ErrorResponse";
  if (!xml_namespace.empty()) {
    out += " xmlns=\"";
    append_xml_text(out, xml_namespace);
    out += '"';
  }
  out += "><Error>";
  append_xml_element(out, "Type", error.http_status() >= 500 ? "Receiver" : "Sender");
  append_xml_element(out, "Code", error.code());
  append_xml_element(out, "Message", error.what());
  out += "</Error>";
  append_xml_element(out, "RequestId", request_id);
  out += "</ErrorResponse>";
  return reply;
}

}  // namespace minecs::protocol
