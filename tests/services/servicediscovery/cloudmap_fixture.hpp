#pragma once
#include <gtest/gtest.h>

#include <string>

#include "handler_fixture.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/services/servicediscovery.hpp"
#include "minecs/store/ec2_records.hpp"

namespace minecs::servicediscovery {

// Cloud Map's handlers with its model's validation; unknown VPC ids are refused, so that the
// check is seen (the server adopts them by default).
class CloudMapTest : public test_support::handler_fixture {
 protected:
  CloudMapTest() : handler_fixture(13) {
    model_ = model::api_model::servicediscovery();
    options opts;
    opts.unknown_network_ids = ec2::unknown_network_ids::reject;
    opts.operation_seconds = 0.4;
    register_handlers(table_, opts);
    lenient_.unknown_network_ids = ec2::unknown_network_ids::adopt;
    register_handlers(lenient_table_, lenient_);
  }

  // An HTTP namespace's id, after its operation succeeded.
  std::string http_namespace(const std::string& name) {
    auto op = call("CreateHttpNamespace", {{"Name", name}})["OperationId"].get<std::string>();
    return target_of(op, "NAMESPACE");
  }

  // A VPC EC2 knows.
  void add_vpc(const std::string& id) {
    db_.write([&] {
      store::ec2_vpc vpc;
      vpc.id = id;
      vpc.region = "us-east-1";
      vpc.cidr_block = "10.0.0.0/16";
      store::put_ec2(db_, vpc);
    });
  }

  std::string private_namespace(const std::string& name, const std::string& vpc = "vpc-1") {
    add_vpc(vpc);
    auto op = call("CreatePrivateDnsNamespace", {{"Name", name}, {"Vpc", vpc}})["OperationId"];
    return target_of(op.get<std::string>(), "NAMESPACE");
  }

  std::string target_of(const std::string& operation, const std::string& kind) {
    return call("GetOperation", {{"OperationId", operation}})["Operation"]["Targets"][kind];
  }

  std::string dns_service(const std::string& ns, const std::string& name, bool custom = false) {
    json input = {
        {"Name", name},
        {"NamespaceId", ns},
        {"DnsConfig",
         {{"RoutingPolicy", "MULTIVALUE"},
          {"DnsRecords", {{{"Type", "A"}, {"TTL", 10}}, {{"Type", "SRV"}, {"TTL", 10}}}}}}};
    if (custom) {
      input["HealthCheckCustomConfig"] = json::object();
    }
    return call("CreateService", input)["Service"]["Id"];
  }

  void register_ip(const std::string& service, const std::string& id, const std::string& ip,
                   json extra = json::object()) {
    json attributes = {{"AWS_INSTANCE_IPV4", ip}, {"AWS_INSTANCE_PORT", "80"}};
    attributes.update(extra);
    call("RegisterInstance",
         {{"ServiceId", service}, {"InstanceId", id}, {"Attributes", attributes}});
  }

  options lenient_;
  api::handler_table lenient_table_;
};

}  // namespace minecs::servicediscovery
