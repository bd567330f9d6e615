#pragma once
// Cloud Map (servicediscovery) as typed records: namespaces, services, the instances registered in
// a service and the asynchronous operations the mutating calls answer with. One row each, the
// record as a document; listings come back in the order the records were made.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/ids.hpp"
#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"

namespace minecs::store {

enum class cloudmap_namespace_type { dns_private, dns_public, http };

NLOHMANN_JSON_SERIALIZE_ENUM(cloudmap_namespace_type,
                             {{cloudmap_namespace_type::dns_private, "DNS_PRIVATE"},
                              {cloudmap_namespace_type::dns_public, "DNS_PUBLIC"},
                              {cloudmap_namespace_type::http, "HTTP"}})

struct cloudmap_namespace {
  std::string id;  // ns-<16 characters>
  std::string arn;
  std::string region;
  std::string name;
  cloudmap_namespace_type type = cloudmap_namespace_type::http;
  std::string description;
  std::string vpc;             // DNS_PRIVATE only
  std::string hosted_zone_id;  // DNS namespaces: the Route 53 zone Cloud Map made for them
  std::int64_t soa_ttl = 15;   // DNS namespaces
  std::string creator_request_id;
  std::string operation_id;  // of its creation: a retry with the same CreatorRequestId gets it
  double created = 0;
  bool dns() const { return type != cloudmap_namespace_type::http; }
};

struct cloudmap_dns_record {
  std::string type;  // A, AAAA, SRV, CNAME
  std::int64_t ttl = 0;
};

struct cloudmap_service {
  std::string id;  // srv-<16 characters>
  std::string arn;
  std::string region;
  std::string namespace_id;
  std::string name;
  std::string description;
  std::string type;            // HTTP, DNS_HTTP, DNS
  std::string routing_policy;  // MULTIVALUE or WEIGHTED; empty without DnsConfig
  std::vector<cloudmap_dns_record> dns_records;
  json health_check_config;            // Route 53 health check settings, echoed (null when none)
  bool custom_health = false;          // HealthCheckCustomConfig is set
  std::int64_t failure_threshold = 0;  // its deprecated FailureThreshold, echoed when given
  std::map<std::string, std::string> attributes;  // UpdateServiceAttributes
  std::string creator_request_id;
  double created = 0;
  // Bumped by every change to the service's instances (DiscoverInstancesRevision).
  std::int64_t revision = 1;
  bool has_record(const std::string& t) const {
    for (const auto& r : dns_records) {
      if (r.type == t) {
        return true;
      }
    }
    return false;
  }
};

struct cloudmap_instance {
  std::string service_id;
  std::string id;
  std::map<std::string, std::string> attributes;
  std::string creator_request_id;
  std::string operation_id;  // of its latest registration
  // The custom health status (services with HealthCheckCustomConfig): HEALTHY or UNHEALTHY.
  std::string health = "HEALTHY";
  double registered = 0;
};

enum class cloudmap_operation_status { submitted, pending, success, fail };

NLOHMANN_JSON_SERIALIZE_ENUM(cloudmap_operation_status,
                             {{cloudmap_operation_status::submitted, "SUBMITTED"},
                              {cloudmap_operation_status::pending, "PENDING"},
                              {cloudmap_operation_status::success, "SUCCESS"},
                              {cloudmap_operation_status::fail, "FAIL"}})

struct cloudmap_operation {
  std::string id;
  std::string region;
  std::string type;  // CREATE_NAMESPACE, DELETE_NAMESPACE, UPDATE_NAMESPACE, UPDATE_SERVICE,
                     // REGISTER_INSTANCE, DEREGISTER_INSTANCE
  std::map<std::string, std::string> targets;  // NAMESPACE, SERVICE, INSTANCE -> id
  double created = 0;
  // What the operation ends as; it reports SUBMITTED, then PENDING, until `done` (seconds since
  // the epoch) has passed: the work itself is done when the call returns.
  cloudmap_operation_status outcome = cloudmap_operation_status::success;
  double done = 0;
  std::string error_code;  // FAIL only
  std::string error_message;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(cloudmap_namespace, id, arn, region, name, type,
                                                description, vpc, hosted_zone_id, soa_ttl,
                                                creator_request_id, operation_id, created)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(cloudmap_dns_record, type, ttl)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(cloudmap_service, id, arn, region, namespace_id,
                                                name, description, type, routing_policy,
                                                dns_records, health_check_config, custom_health,
                                                failure_threshold, attributes, creator_request_id,
                                                created, revision)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(cloudmap_instance, service_id, id, attributes,
                                                creator_request_id, operation_id, health,
                                                registered)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(cloudmap_operation, id, region, type, targets,
                                                created, outcome, done, error_code, error_message)

// A Cloud Map id: the prefix (ns-, srv-) and 16 lowercase letters and digits.
std::string new_cloudmap_id(id_generator& ids, const char* prefix);
// arn:aws:servicediscovery:<region>:<account>:<kind>/<id>, kind namespace or service.
std::string cloudmap_arn(const std::string& region, const std::string& account,
                         const std::string& kind, const std::string& id);

// Inside database::read()/write() only.
std::optional<cloudmap_namespace> find_cloudmap_namespace(database& db, const std::string& id);
// Every namespace of a region; of every region when `region` is empty.
std::vector<cloudmap_namespace> list_cloudmap_namespaces(database& db, const std::string& region);
void put_cloudmap_namespace(database& db, const cloudmap_namespace& n);
void delete_cloudmap_namespace(database& db, const std::string& id);

std::optional<cloudmap_service> find_cloudmap_service(database& db, const std::string& id);
// Every service of a region, or of one namespace when `namespace_id` is given.
std::vector<cloudmap_service> list_cloudmap_services(database& db, const std::string& region,
                                                     const std::string& namespace_id = {});
void put_cloudmap_service(database& db, const cloudmap_service& s);
void delete_cloudmap_service(database& db, const std::string& id);

std::optional<cloudmap_instance> find_cloudmap_instance(database& db, const std::string& service_id,
                                                        const std::string& id);
std::vector<cloudmap_instance> list_cloudmap_instances(database& db, const std::string& service_id);
void put_cloudmap_instance(database& db, const cloudmap_instance& i);
// False when there was none.
bool delete_cloudmap_instance(database& db, const std::string& service_id, const std::string& id);

// Registers (or re-registers) an instance in `s` and bumps the service's revision; the
// instance's service_id must be s.id.
void register_cloudmap_instance(database& db, cloudmap_service& s, const cloudmap_instance& i);
// Removes an instance and bumps the revision; false (and no change) when there was none.
bool deregister_cloudmap_instance(database& db, cloudmap_service& s, const std::string& id);

std::optional<cloudmap_operation> find_cloudmap_operation(database& db, const std::string& id);
std::vector<cloudmap_operation> list_cloudmap_operations(database& db, const std::string& region);
void put_cloudmap_operation(database& db, const cloudmap_operation& o);

}  // namespace minecs::store
