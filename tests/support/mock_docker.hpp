#pragma once
#include <gmock/gmock.h>

#include <ostream>

#include "minecs/docker/client.hpp"

// gmock prints the results of calls; boost's own printer needs << for every value type.
namespace boost::system {
template <class T>
void PrintTo(const result<T, minecs::docker::error>& r, std::ostream* os) {
  *os << (r.has_value() ? std::string("ok") : "error " + r.error().message);
}
}  // namespace boost::system

namespace minecs::docker::testing {

class mock_docker : public docker::client {
 public:
  using timeout = docker::timeout;
  template <class T>
  using result = docker::result<T>;

  // Many containers' stats are asked one by one, as the interface's own fallback does, unless a
  // test says otherwise: container_stats_once stands for them all.
  mock_docker() {
    ON_CALL(*this, container_stats_once_all)
        .WillByDefault([this](const std::vector<std::string>& ids, timeout t) {
          return client::container_stats_once_all(ids, t);
        });
  }

  MOCK_METHOD(result<void>, ping, (timeout), (override));
  MOCK_METHOD(result<json>, version, (timeout), (override));
  MOCK_METHOD(result<std::string>, api_version, (timeout), (override));
  MOCK_METHOD(result<std::optional<json>>, inspect_image, (std::string_view, timeout), (override));
  MOCK_METHOD(result<std::string>, import_image,
              (std::string, std::string_view, std::string_view, const std::vector<std::string>&,
               timeout),
              (override));
  MOCK_METHOD(result<std::string>, import_image_file,
              (const std::string&, std::string_view, std::string_view,
               const std::vector<std::string>&, timeout),
              (override));
  MOCK_METHOD(result<void>, pull_image, (std::string_view, timeout), (override));
  MOCK_METHOD(result<std::string>, create_container, (std::string_view, const json&, timeout),
              (override));
  MOCK_METHOD(result<void>, start_container, (std::string_view, timeout), (override));
  MOCK_METHOD(result<void>, stop_container, (std::string_view, int, timeout), (override));
  MOCK_METHOD(result<void>, kill_container, (std::string_view, std::string_view, timeout),
              (override));
  MOCK_METHOD(result<void>, remove_container, (std::string_view, bool, bool, timeout), (override));
  MOCK_METHOD(result<json>, inspect_container, (std::string_view, timeout), (override));
  MOCK_METHOD(result<json>, list_containers, (const std::vector<std::string>&, bool, timeout),
              (override));
  MOCK_METHOD(result<json>, container_stats, (std::string_view, timeout), (override));
  MOCK_METHOD(result<json>, container_stats_once, (std::string_view, timeout), (override));
  MOCK_METHOD(std::vector<result<json>>, container_stats_once_all,
              (const std::vector<std::string>&, timeout), (override));
  MOCK_METHOD(result<std::string>, create_network,
              (std::string_view, std::string_view, const docker::labels&, std::string_view,
               timeout),
              (override));
  MOCK_METHOD(result<json>, inspect_network, (std::string_view, timeout), (override));
  MOCK_METHOD(result<void>, remove_network, (std::string_view, timeout), (override));
  MOCK_METHOD(result<void>, connect_network,
              (std::string_view, std::string_view, const std::vector<std::string>&, timeout),
              (override));
  MOCK_METHOD(result<json>, list_networks, (const std::vector<std::string>&, timeout), (override));
  MOCK_METHOD(result<json>, create_volume, (std::string_view, const docker::labels&, timeout),
              (override));
  MOCK_METHOD(result<void>, remove_volume, (std::string_view, bool, timeout), (override));
  MOCK_METHOD(result<void>, stream_logs,
              (std::string_view, const docker::log_options&, const docker::log_callback&,
               std::stop_token, timeout),
              (override));
  MOCK_METHOD(result<void>, stream_events,
              (const docker::event_options&, const docker::event_callback&, std::stop_token,
               timeout),
              (override));
};

// A successful Docker answer carrying a JSON document, for ON_CALL(...).WillByDefault(Return(...)).
inline result<json> json_ok(json j) {
  return result<json>(boost::system::in_place_value, std::move(j));
}

}  // namespace minecs::docker::testing
