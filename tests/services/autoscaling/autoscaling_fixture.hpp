#pragma once
#include <gtest/gtest.h>

#include <string>

#include "handler_fixture.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/services/autoscaling.hpp"
#include "minecs/store/services.hpp"
#include "sample_records.hpp"

namespace minecs::autoscaling {

// The service's handlers with its model's validation, and ECS service c1/svc in the store.
class AutoscalingTest : public test_support::handler_fixture {
 protected:
  AutoscalingTest() : handler_fixture(11) {
    model_ = model::api_model::autoscaling();
    register_handlers(table_);
    db_.write([&] { store::save_service(db_, test_support::sample_service()); });
  }

  static json target_of(const std::string& resource_id = "service/c1/svc") {
    return {{"ServiceNamespace", "ecs"},
            {"ResourceId", resource_id},
            {"ScalableDimension", "ecs:service:DesiredCount"}};
  }

  json register_target(long min = 1, long max = 4) {
    auto in = target_of();
    in["MinCapacity"] = min;
    in["MaxCapacity"] = max;
    return call("RegisterScalableTarget", in);
  }
};

}  // namespace minecs::autoscaling
