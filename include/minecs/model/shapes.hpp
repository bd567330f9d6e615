#pragma once
// The parts of a botocore shape that validation and the wire protocols read, as typed records
// that api_model::parse builds once from api-models/ and that refer to each other by index.
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace minecs::model {

enum class shape_kind {
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

// One use of a shape: a structure's member, a list's member, a map's key or value, an operation's
// input or output. Its wire names are botocore's "serialization" of that use: the traits of the
// reference laid over those of the shape it names.
struct shape_ref {
  int shape = -1;
  std::string location_name;  // locationName: the XML element, or the Query parameter name
  std::string query_name;     // queryName: the EC2 protocol's input name, ahead of locationName
  bool flattened = false;     // a list or map whose items repeat without a wrapping element
  bool xml_attribute = false;
  std::string timestamp_format;  // empty: the protocol's default
};

struct shape_member {
  std::string name;  // the member name: boto3's parameter name, the handlers' JSON key
  shape_ref ref;
};

struct shape {
  shape_kind type = shape_kind::string;
  std::vector<shape_member> members;  // structure, sorted by name
  std::vector<std::string> required;  // structure
  shape_ref member;                   // list
  shape_ref key, value;               // map
  std::set<std::string, std::less<>> enum_values;
  std::optional<double> min, max;
  std::string pattern;     // as the model writes it
  int pattern_index = -1;  // its compiled form, -1 when there is none or it cannot be compiled
};

}  // namespace minecs::model
