// The names of Cloud Map's DNS namespaces, as Route 53 answers them from the hosted zones Cloud
// Map keeps. minecs has one name table for every network, so a private namespace's names resolve
// in every task, not only in its VPC's.
#include <arpa/inet.h>

#include <charconv>
#include <optional>

#include "minecs/dns/name_table.hpp"
#include "minecs/store/cloudmap_records.hpp"
#include "wire.hpp"

namespace minecs::dns {

namespace {

std::string attribute(const store::cloudmap_instance& i, const char* key) {
  auto it = i.attributes.find(key);
  return it == i.attributes.end() ? std::string() : it->second;
}

std::optional<std::uint32_t> ipv4_of(const store::cloudmap_instance& i) {
  in_addr parsed{};
  auto text = attribute(i, "AWS_INSTANCE_IPV4");
  if (text.empty() || inet_pton(AF_INET, text.c_str(), &parsed) != 1) {
    return std::nullopt;
  }
  return ntohl(parsed.s_addr);
}

void add_service(record_set& out, const store::cloudmap_service& s, const std::string& name,
                 const std::vector<store::cloudmap_instance>& instances) {
  std::vector<const store::cloudmap_instance*> chosen;
  for (const auto& i : instances) {
    if (!s.custom_health || i.health == "HEALTHY") {
      chosen.push_back(&i);
    }
  }
  if (chosen.empty()) {
    for (const auto& i : instances) {
      chosen.push_back(&i);
    }
  }
  for (const auto* i : chosen) {
    auto address = ipv4_of(*i);
    if (address && s.has_record("A")) {
      out.addresses.push_back({name, *address});
    }
    auto port_text = attribute(*i, "AWS_INSTANCE_PORT");
    std::uint16_t port = 0;
    auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    auto target = i->id + "." + name;
    if (s.has_record("SRV") && error == std::errc() && end == port_text.data() + port_text.size() &&
        port > 0 && valid_name(target)) {
      out.services.push_back({name, port, target});
      if (address) {
        out.addresses.push_back({target, *address});
      }
    }
  }
}

class cloudmap_source : public record_source {
 public:
  std::string name() const override { return "cloudmap"; }

  record_set collect(store::database& db) override {
    return db.read([&] {
      record_set out;
      for (const auto& n : store::list_cloudmap_namespaces(db, {})) {
        if (!n.dns() || !valid_name(n.name)) {
          continue;
        }
        // A private namespace is the VPC's whole zone; a public one holds real names beside
        // Cloud Map's, so only its services' names are minecs's to answer.
        if (n.type == store::cloudmap_namespace_type::dns_private) {
          out.zones.push_back(n.name);
        }
        for (const auto& s : store::list_cloudmap_services(db, n.region, n.id)) {
          auto name = s.name + "." + n.name;
          if (s.dns_records.empty() || !valid_name(name)) {
            continue;
          }
          add_service(out, s, name, store::list_cloudmap_instances(db, s.id));
        }
      }
      return out;
    });
  }
};

}  // namespace

std::unique_ptr<record_source> cloudmap_names() {
  return std::make_unique<cloudmap_source>();
}

}  // namespace minecs::dns
