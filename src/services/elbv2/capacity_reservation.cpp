// DescribeCapacityReservation. minecs takes no LCU reservation (ModifyCapacityReservation is not
// implemented), so a load balancer has none: no minimum capacity, no zone in a reservation
// state, and the two decreases a day that ELBv2 allows all remaining. Terraform's aws_lb reads
// this after every create and refresh.
#include "handlers.hpp"
#include "minecs/api/input.hpp"

namespace minecs::elbv2 {

namespace {

constexpr int decreases_per_day = 2;

json describe_capacity_reservation(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "LoadBalancerArn");
  ctx.db.read([&] { require_load_balancer(ctx, arn); });
  return {{"CapacityReservationState", json::array()},
          {"DecreaseRequestsRemaining", decreases_per_day}};
}

}  // namespace

void add_capacity_reservation_handlers(api::handler_table& table) {
  table.add("DescribeCapacityReservation", describe_capacity_reservation);
}

}  // namespace minecs::elbv2
