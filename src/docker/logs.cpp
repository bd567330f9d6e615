#include "engine_client.hpp"
#include "query.hpp"
#include "stream_decoders.hpp"

namespace minecs::docker::detail {

result<void> engine_client::stream_logs(std::string_view id, const log_options& options,
                                        const log_callback& on_frame, std::stop_token stop,
                                        timeout t) {
  query q;
  q.add_flag("follow", options.follow)
      .add_flag("stdout", options.include_stdout)
      .add_flag("stderr", options.include_stderr)
      .add_flag("timestamps", options.timestamps);
  if (options.since) {
    q.add("since", *options.since);
  }
  if (options.tail) {
    q.add("tail", *options.tail);
  }
  auto req = versioned(boost::beast::http::verb::get,
                       "/containers/" + path_encode(id) + "/logs" + q.str(), t);
  if (!req) {
    return req.error();
  }
  frame_decoder decoder;
  auto ended = perform_stream(
      ep_, *req, t, std::move(stop),
      [&](const response& head) {
        // API 1.42+ says which it is; 1.41 leaves the decoder to sniff.
        if (head.content_type.starts_with("application/vnd.docker.multiplexed-stream")) {
          decoder = frame_decoder(frame_decoder::mode::multiplexed);
        }
      },
      [&](std::string_view data) {
        decoder.feed(data, on_frame);
        return true;
      });
  if (!ended) {
    return ended.error();
  }
  return {};
}

}  // namespace minecs::docker::detail
