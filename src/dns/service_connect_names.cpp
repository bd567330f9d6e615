// Service Connect's client aliases: each dnsName answers with the addresses of the healthy
// instances (the tasks) of the Cloud Map service behind it. Names only, no zone: every other
// name is left to the other sources and the upstream resolvers.
#include <arpa/inet.h>

#include "minecs/dns/name_table.hpp"
#include "minecs/store/cloudmap_records.hpp"
#include "minecs/store/services.hpp"
#include "wire.hpp"

namespace minecs::dns {

namespace {

class service_connect_source : public record_source {
 public:
  std::string name() const override { return "service-connect"; }

  record_set collect(store::database& db) override {
    return db.read([&] {
      record_set out;
      for (const auto& s : store::services_to_schedule(db)) {
        for (const auto& r : s.service_connect_resources) {
          add_resource(db, r, out);
        }
      }
      return out;
    });
  }

 private:
  static void add_resource(store::database& db, const json& r, record_set& out) {
    auto arn = r.value("discoveryArn", std::string());
    auto slash = arn.rfind('/');
    if (slash == std::string::npos) {
      return;
    }
    auto service = store::find_cloudmap_service(db, arn.substr(slash + 1));
    if (!service) {
      return;
    }
    std::vector<std::uint32_t> addresses;
    for (const auto& i : store::list_cloudmap_instances(db, service->id)) {
      auto it = i.attributes.find("AWS_INSTANCE_IPV4");
      in_addr parsed{};
      if ((service->custom_health && i.health != "HEALTHY") || it == i.attributes.end() ||
          inet_pton(AF_INET, it->second.c_str(), &parsed) != 1) {
        continue;
      }
      addresses.push_back(ntohl(parsed.s_addr));
    }
    for (const auto& alias : r.value("clientAliases", json::array())) {
      auto dns_name = alias.value("dnsName", std::string());
      if (!valid_name(dns_name)) {
        continue;
      }
      for (auto a : addresses) {
        out.addresses.push_back({dns_name, a});
      }
    }
  }
};

}  // namespace

std::unique_ptr<record_source> service_connect_names() {
  return std::make_unique<service_connect_source>();
}

}  // namespace minecs::dns
