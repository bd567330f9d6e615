#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "minecs/store/database.hpp"

// The names minecs answers for. Each source (the tasks' ENIs today; Cloud Map namespaces and load
// balancers later) says which zones it owns and which records it has; the table holds the latest
// of every source, and the responder asks it.
namespace minecs::dns {

struct address_record {
  std::string name;           // any case, with or without the final dot
  std::uint32_t address = 0;  // IPv4, host order
  bool operator==(const address_record&) const = default;
};

// An SRV record: the port a service listens on at a target name (which has its own A records).
struct service_record {
  std::string name;
  std::uint16_t port = 0;
  std::string target;
  bool operator==(const service_record&) const = default;
};

struct record_set {
  // A name in one of these zones (or a zone itself) is minecs's to answer: when no record has it,
  // it does not exist (NXDOMAIN) rather than being asked of the upstream resolvers.
  std::vector<std::string> zones;
  std::vector<address_record> addresses;
  std::vector<service_record> services = {};
};

// Where records come from: read from the store each time the store changes.
class record_source {
 public:
  virtual ~record_source() = default;
  virtual std::string name() const = 0;
  // Inside no transaction: the source opens its own read.
  virtual record_set collect(store::database& db) = 0;
};

enum class ownership { foreign, owned };

struct lookup_result {
  ownership owner = ownership::foreign;
  std::vector<std::uint32_t> addresses;  // empty for an owned name nobody has
  std::vector<std::pair<std::uint16_t, std::string>> services;  // SRV: port, target
  // An owned name with records of some type (NODATA rather than NXDOMAIN for the others).
  bool exists() const { return !addresses.empty() || !services.empty(); }
};

class name_table {
 public:
  // Replaces everything `source` said before.
  void publish(const std::string& source, const record_set& records);
  lookup_result lookup(std::string_view name) const;

 private:
  struct source_entry {
    std::vector<std::string> zones;
    std::multimap<std::string, std::uint32_t> addresses;
    std::multimap<std::string, std::pair<std::uint16_t, std::string>> services;
  };
  mutable std::mutex mutex_;
  std::map<std::string, source_entry> sources_;
};

// The ENIs of awsvpc tasks that are not STOPPED, by their private DNS names, in the zones of
// every region's EC2 names (ec2.internal, compute.internal).
std::unique_ptr<record_source> eni_names();

// Cloud Map's DNS namespaces (each private one a zone); `<service>.<namespace>` has an A record for
// each healthy instance's AWS_INSTANCE_IPV4 (every instance when none is healthy, as Route 53's
// multivalue answers fail open) when the service has A records, and an SRV record
// (AWS_INSTANCE_PORT at `<instance>.<service>.<namespace>`, which has the instance's A record)
// when it has SRV records.
std::unique_ptr<record_source> cloudmap_names();

}  // namespace minecs::dns
