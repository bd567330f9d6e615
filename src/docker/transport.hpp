#pragma once
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/verb.hpp>

#include "minecs/docker/client.hpp"

// The HTTP exchange with the daemon, one connection per call. Private to the docker layer.
namespace minecs::docker::detail {

struct request {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string target;
  std::string body;
  std::string content_type;   // empty: no body
  std::string registry_auth;  // X-Registry-Auth: a pull's credentials, when it has some
};

struct response {
  int status = 0;
  std::string content_type;
  std::string body;
};

// Sends `req` and buffers the whole reply, all within `t`. Any status is a successful exchange.
result<response> perform(const endpoint& ep, const request& req, timeout t);

// Sends every one of `reqs` at once (at most `in_flight` open together), each on its own
// connection, and buffers the replies, in the order of `reqs`, all within `t`: what has not
// answered by then has timed out. One thread (the caller's) runs them all. For calls the daemon
// answers late but together, as stats: one after another they would wait in turn.
std::vector<result<response>> perform_all(const endpoint& ep, const std::vector<request>& reqs,
                                          std::size_t in_flight, timeout t);

enum class stream_end { finished, stopped };

// Returns false to abandon the stream (the callback keeps its own reason).
using data_callback = std::function<bool(std::string_view)>;

// Sends `req`; the response head must arrive within `t`. A status >= 400 is returned as the
// daemon's error. Otherwise every piece of the (de-chunked) body goes to `on_data` as it arrives,
// until the body ends (finished), `stop` is requested (stopped), or on_data returns false
// (stopped). `on_head` sees the status and content type before any data.
result<stream_end> perform_stream(const endpoint& ep, const request& req, timeout t,
                                  std::stop_token stop,
                                  const std::function<void(const response&)>& on_head,
                                  const data_callback& on_data);

// The error a non-2xx reply stands for: Docker's {"message": ...} when present.
error error_from_reply(int status, std::string_view body);

}  // namespace minecs::docker::detail
