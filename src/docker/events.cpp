#include "engine_client.hpp"
#include "query.hpp"
#include "stream_decoders.hpp"

namespace minecs::docker::detail {

result<void> engine_client::stream_events(const event_options& options,
                                          const event_callback& on_event, std::stop_token stop,
                                          timeout t) {
  query q;
  if (options.since) {
    q.add("since", *options.since);
  }
  if (!options.filters.empty()) {
    q.add("filters", options.filters.dump());
  }
  auto req = versioned(boost::beast::http::verb::get, "/events" + q.str(), t);
  if (!req) {
    return req.error();
  }
  line_splitter lines;
  std::optional<error> bad;
  auto ended = perform_stream(
      ep_, *req, t, std::move(stop), [](const response&) {},
      [&](std::string_view data) {
        return lines.feed(data, [&](std::string_view line) {
          auto event = json::parse(line, nullptr, false);
          if (!event.is_object()) {
            bad = error{0, "event stream: not a JSON object: " + std::string(line.substr(0, 200))};
            return false;
          }
          on_event(event);
          return true;
        });
      });
  if (bad) {
    return *bad;
  }
  if (!ended) {
    return ended.error();
  }
  if (*ended == stream_end::finished) {
    return error{0, "event stream from " + ep_.to_string() + " ended"};
  }
  return {};
}

}  // namespace minecs::docker::detail
