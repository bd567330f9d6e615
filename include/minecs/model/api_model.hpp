#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minecs/core/json.hpp"

namespace minecs::model {

// An AWS service model (botocore's JSON form, as api-models/ keeps it), compiled into shape
// indices so that validating a request walks integers, not strings.
class api_model {
 public:
  static std::shared_ptr<const api_model> parse(std::string_view model_json);
  // The models embedded in the binary at build time.
  static std::shared_ptr<const api_model> ecs();
  static std::shared_ptr<const api_model> logs();

  const std::string& target_prefix() const { return target_prefix_; }
  const std::string& service_id() const { return service_id_; }
  bool has_operation(std::string_view name) const;
  std::vector<std::string> operation_names() const;

  // Checks `input` against the operation's input shape. Throws service_error:
  // SerializationException for a JSON type mismatch, InvalidParameterException for a missing
  // required member, an enum value not allowed, a length or range outside the model's bounds.
  // Null members count as absent, as AWS treats them.
  void validate_input(std::string_view operation, const json& input) const;

  struct shape;

 private:
  std::string target_prefix_;
  std::string service_id_;
  std::vector<shape> shapes_;
  std::map<std::string, int, std::less<>> operation_inputs_;  // -1: no input shape

  void validate(int shape_index, const json& value, std::string& path, int depth) const;
};

}  // namespace minecs::model
