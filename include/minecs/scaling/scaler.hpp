#pragma once
// Application Auto Scaling's data plane for ECS services: a thread that measures the RUNNING
// tasks of every service that has target tracking policies (one-shot Docker stats per container
// per metric window), evaluates the policies' alarms, runs scheduled actions at their times and
// keeps desired counts within the targets' bounds. It changes a service's desiredCount in the
// store as UpdateService does; the service scheduler then starts or stops tasks.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/scaling/decide.hpp"
#include "minecs/store/autoscaling_records.hpp"
#include "minecs/store/database.hpp"

namespace minecs::scaling {

struct settings {
  double window_seconds = 60;
  int out_periods = 3;
  int in_periods = 15;
  // How often scheduled actions and target bounds are looked at.
  double tick_seconds = 1;
  // Requests an ALB sent a target group since start (src/lb), for ALBRequestCountPerTarget;
  // unset: such policies have no data.
  std::function<std::uint64_t(const std::string& target_group_arn)> request_count;
};

class scaler {
 public:
  // `docker` may be null (--no-docker): schedules and bounds still apply, nothing is measured.
  scaler(store::database& db, docker::client* docker, const clock& clk, id_generator& ids,
         settings cfg);
  ~scaler();
  scaler(const scaler&) = delete;
  scaler& operator=(const scaler&) = delete;

  void start();
  void stop();

  // One pass (tests and the thread): scheduled actions and bounds, and a measurement when the
  // window has passed.
  void run_once();

 private:
  void run_schedules(double now);
  void measure(double now);
  std::optional<double> requests_per_target(const store::scaling_policy& p,
                                            const std::string& service_arn, std::size_t targets);
  void loop();

  store::database& db_;
  docker::client* docker_;
  const clock& clock_;
  id_generator& ids_;
  settings cfg_;
  double next_measure_at_ = 0;
  std::map<std::string, cpu_sample> last_samples_;         // container id -> last reading
  std::map<std::string, std::vector<double>> datapoints_;  // policy ARN -> recent datapoints
  std::map<std::string, std::uint64_t> last_requests_;  // policy ARN -> its group's request count
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace minecs::scaling
