#pragma once
#include <string>
#include <string_view>

#include "minecs/docker/client.hpp"

namespace minecs::docker::detail {

// Undoes Docker's stdout/stderr multiplexing: frames of an 8-byte header (stream byte, three
// zeros, big-endian length) and a payload, split across reads at arbitrary points. API 1.41 labels
// TTY and non-TTY logs alike as raw-stream, so unless the content type says so the first bytes
// decide: a header starts with 0, 1 or 2 and three zeros, which text output does not.
class frame_decoder {
 public:
  enum class mode { sniff, multiplexed, raw };
  explicit frame_decoder(mode m = mode::sniff) : mode_(m) {}

  void feed(std::string_view data, const log_callback& on_frame);

 private:
  mode mode_;
  std::string pending_;
};

// Docker's JSON streams (events, progress) write one object per line.
class line_splitter {
 public:
  // Calls on_line for every complete line; returns false as soon as on_line does.
  template <class F>
  bool feed(std::string_view data, F&& on_line) {
    pending_.append(data);
    std::size_t start = 0;
    for (auto nl = pending_.find('\n'); nl != std::string::npos; nl = pending_.find('\n', start)) {
      std::string_view line(pending_.data() + start, nl - start);
      start = nl + 1;
      if (!line.empty() && !on_line(line)) {
        pending_.erase(0, start);
        return false;
      }
    }
    pending_.erase(0, start);
    return true;
  }

 private:
  std::string pending_;
};

}  // namespace minecs::docker::detail
