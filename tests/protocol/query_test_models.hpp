#pragma once
// Small Query and EC2 models for the protocol tests: one operation each whose input and output
// use every way the protocols name and nest values (members renamed, lists wrapped, flattened
// and renamed, maps wrapped and flattened, nested structures, every scalar type).
#include <memory>

#include "minecs/model/api_model.hpp"

namespace minecs::protocol::test_models {

inline constexpr std::string_view shapes = R"(
  "Things": {"type": "structure", "required": ["Name"], "members": {
    "Name": {"shape": "Str"},
    "Count": {"shape": "Int"},
    "Big": {"shape": "Long"},
    "Ratio": {"shape": "Dbl"},
    "Enabled": {"shape": "Bool"},
    "When": {"shape": "Stamp"},
    "Epoch": {"shape": "Stamp", "timestampFormat": "unixTimestamp"},
    "Data": {"shape": "Bytes"},
    "Renamed": {"shape": "Str", "locationName": "otherName"},
    "Items": {"shape": "StrList"},
    "Named": {"shape": "NamedList"},
    "Flat": {"shape": "FlatList"},
    "FlatNamed": {"shape": "FlatNamedList"},
    "Attributes": {"shape": "StrMap"},
    "FlatMap": {"shape": "FlatStrMap"},
    "Nested": {"shape": "Inner"},
    "Inners": {"shape": "InnerList"},
    "Kind": {"shape": "Kind"}}},
  "Inner": {"type": "structure", "members": {
    "Key": {"shape": "Str", "locationName": "key"},
    "Values": {"shape": "StrList", "locationName": "value"},
    "Id": {"shape": "Str", "locationName": "id", "xmlAttribute": true}}},
  "InnerList": {"type": "list", "member": {"shape": "Inner", "locationName": "item"}},
  "StrList": {"type": "list", "member": {"shape": "Str"}},
  "NamedList": {"type": "list", "member": {"shape": "Str", "locationName": "Entry"}},
  "FlatList": {"type": "list", "flattened": true, "member": {"shape": "Str"}},
  "FlatNamedList": {"type": "list", "flattened": true,
                    "member": {"shape": "Str", "locationName": "Flavour"}},
  "StrMap": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Int"}},
  "FlatStrMap": {"type": "map", "flattened": true,
                 "key": {"shape": "Str", "locationName": "Name"},
                 "value": {"shape": "Str", "locationName": "Val"}},
  "Kind": {"type": "string", "enum": ["small", "large"]},
  "Str": {"type": "string"},
  "Int": {"type": "integer", "min": 0, "max": 100},
  "Long": {"type": "long"},
  "Dbl": {"type": "double"},
  "Bool": {"type": "boolean"},
  "Stamp": {"type": "timestamp"},
  "Bytes": {"type": "blob"})";

inline std::shared_ptr<const model::api_model> make(std::string_view protocol) {
  std::string doc = R"({"metadata": {"protocol": ")" + std::string(protocol) +
                    R"(", "apiVersion": "2020-01-01", "endpointPrefix": "things",
      "serviceId": "Things", "xmlNamespace": "https://things.example/doc/2020-01-01/"},
    "operations": {
      "PutThings": {"name": "PutThings", "input": {"shape": "Things"},
                    "output": {"shape": "Things", "resultWrapper": "PutThingsResult"}},
      "Ping": {"name": "Ping"}},
    "shapes": {)" + std::string(shapes) +
                    "}}";
  return model::api_model::parse(doc);
}

inline const model::api_model& query() {
  static const auto m = make("query");
  return *m;
}

inline const model::api_model& ec2() {
  static const auto m = make("ec2");
  return *m;
}

}  // namespace minecs::protocol::test_models
