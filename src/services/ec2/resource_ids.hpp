#pragma once
// EC2 resource ids ("vpc-" and 17 hex digits): making them, telling a resource's type from its
// id, and the errors EC2 answers for an id that is malformed or names nothing.
#include <optional>
#include <string>
#include <string_view>

#include "errors.hpp"
#include "minecs/api/handler.hpp"
#include "minecs/store/ec2_records.hpp"

namespace minecs::ec2 {

// A kind of resource that has an id of its own.
struct resource_kind {
  std::string_view prefix;     // "vpc"
  std::string_view type;       // "vpc", as in ARNs, TagSpecifications and DescribeTags
  std::string_view id_noun;    // "vpc ID", as the not-found message names it
  std::string_view not_found;  // "InvalidVpcID.NotFound"
  std::string_view malformed;  // "InvalidVpcID.Malformed"
};

// `prefix` + "-" + 17 lowercase hex digits.
std::string new_id(api::request_context& ctx, std::string_view prefix);

// The kind of a record type, by its `kind` ("vpc", "security-group", ...).
const resource_kind& kind_of_type(std::string_view type);
// The kind an id names by its prefix, when it is one of these and well formed.
std::optional<resource_kind> kind_of_id(std::string_view id);
bool well_formed(const resource_kind& kind, std::string_view id);

service_error not_found(const resource_kind& kind, const std::string& id);
service_error malformed(const resource_kind& kind, const std::string& id);

// arn:aws:ec2:<region>:<account>:<type>/<id>, the key of a resource's tags.
std::string ec2_arn(const scope& s, std::string_view type, std::string_view id);
std::string ec2_arn(const scope& s, std::string_view id);

// Inside a transaction: the record of that id, or EC2's malformed / not-found error. Looked up
// first: ids adopted from ECS requests (ec2.hpp) need not look like EC2's own.
template <class R>
R require_record(api::request_context& ctx, const std::string& id) {
  const auto& kind = kind_of_type(R::kind);
  auto record = store::find_ec2<R>(ctx.db, ctx.scope.region, id);
  if (record) {
    return *record;
  }
  if (!well_formed(kind, id)) {
    throw malformed(kind, id);
  }
  throw not_found(kind, id);
}

}  // namespace minecs::ec2
