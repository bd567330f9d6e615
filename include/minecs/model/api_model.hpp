#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/model/shapes.hpp"

namespace minecs::model {

// The wire protocol of a service, from the model's metadata (protocols[0], else protocol).
enum class wire_protocol { json, query, ec2 };

// The error codes a service answers for input that does not fit its model: each protocol has its
// own (JSON-1.1 ECS and Logs: SerializationException / InvalidParameterException; Query:
// ValidationError; EC2: InvalidParameterValue / MissingParameter / UnknownParameter).
struct input_error_codes {
  std::string wrong_type;         // a value of another type than the model's
  std::string missing;            // a required member is absent
  std::string invalid;            // an enum, length, range or pattern violation
  std::string unknown_parameter;  // a Query/EC2 parameter the model does not name; empty: ignored
};

// An AWS service model (botocore's JSON form, as api-models/ keeps it), compiled into shape
// indices so that validating a request walks integers, not strings.
class api_model {
 public:
  static std::shared_ptr<const api_model> parse(std::string_view model_json);
  // The models embedded in the binary at build time.
  static std::shared_ptr<const api_model> ecs();
  static std::shared_ptr<const api_model> logs();
  static std::shared_ptr<const api_model> sts();
  static std::shared_ptr<const api_model> ec2();
  static std::shared_ptr<const api_model> elbv2();
  static std::shared_ptr<const api_model> ssm();
  static std::shared_ptr<const api_model> servicediscovery();
  static std::shared_ptr<const api_model> iam();
  static std::shared_ptr<const api_model> secretsmanager();
  static std::shared_ptr<const api_model> autoscaling();
  static std::shared_ptr<const api_model> ecr();

  const std::string& target_prefix() const { return target_prefix_; }
  const std::string& service_id() const { return service_id_; }
  wire_protocol protocol() const { return protocol_; }
  const std::string& api_version() const { return api_version_; }
  // The service of a SigV4 credential scope that names this service (signingName, else
  // endpointPrefix): "sts", "ec2", "ecs", "logs", "elasticloadbalancing".
  const std::string& signing_name() const { return signing_name_; }
  // The namespace of the XML protocols' replies (metadata xmlNamespace, with a trailing '/').
  const std::string& xml_namespace() const { return xml_namespace_; }
  const input_error_codes& input_errors() const { return input_errors_; }

  bool has_operation(std::string_view name) const;
  std::vector<std::string> operation_names() const;

  struct operation_shapes {
    shape_ref input;             // shape -1: the operation takes no input
    shape_ref output;            // shape -1: it answers nothing but the request id
    std::string result_wrapper;  // Query: the element around the output (<XResult>)
  };
  // nullptr for an operation the model does not have.
  const operation_shapes* operation(std::string_view name) const;
  const shape& shape_at(int index) const;

  // Checks `input` against the operation's input shape. Throws service_error with the codes of
  // input_errors(): wrong_type for a JSON type mismatch, missing for a required member, invalid
  // for an enum value not allowed, a length or range outside the model's bounds, a pattern.
  // Null members count as absent, as AWS treats them.
  void validate_input(std::string_view operation, const json& input) const;

  struct compiled_patterns;
  // The operations and shapes. The embedded models read them on first use: EC2's 4,000 shapes
  // take an unoptimised build a second, which a server that is never asked for EC2 need not pay
  // at every start; their metadata is read at once, from the head of the text.
  struct contents {
    std::vector<shape> shapes;
    std::map<std::string, operation_shapes, std::less<>> operations;
    std::shared_ptr<const compiled_patterns> patterns;
  };

 private:
  std::string target_prefix_;
  std::string service_id_;
  wire_protocol protocol_ = wire_protocol::json;
  std::string api_version_;
  std::string signing_name_;
  std::string xml_namespace_;
  input_error_codes input_errors_;
  std::string_view source_;  // an embedded model's text, read into contents_ on first use
  mutable std::once_flag read_once_;
  mutable std::shared_ptr<const contents> contents_;

  static std::shared_ptr<const api_model> embedded(std::string_view model_json);
  void read_metadata(const json& metadata);
  const contents& body() const;

  void validate(int shape_index, const json& value, std::string& path, int depth) const;
  void validate_structure(const shape& s, const json& value, std::string& path, int depth) const;
  void validate_string(const shape& s, const json& value, const std::string& path) const;
};

}  // namespace minecs::model
