// The names of the tasks' elastic network interfaces, as EC2 would resolve them in the VPC.
#include <arpa/inet.h>

#include "minecs/dns/name_table.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::dns {

namespace {

class eni_source : public record_source {
 public:
  std::string name() const override { return "eni"; }

  record_set collect(store::database& db) override {
    record_set out;
    out.zones = {"ec2.internal", "compute.internal"};
    auto tasks = db.read([&] { return store::tasks_not_stopped(db); });
    for (const auto& t : tasks) {
      if (t.last_status == task_status::stopped) {
        continue;
      }
      for (const auto& a : t.attachments) {
        in_addr parsed{};
        if (a.private_dns_name.empty() || a.private_ipv4.empty() ||
            inet_pton(AF_INET, a.private_ipv4.c_str(), &parsed) != 1) {
          continue;
        }
        out.addresses.push_back({a.private_dns_name, ntohl(parsed.s_addr)});
      }
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<record_source> eni_names() {
  return std::make_unique<eni_source>();
}

}  // namespace minecs::dns
