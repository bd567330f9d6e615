#include "stream_decoders.hpp"

namespace minecs::docker::detail {

void frame_decoder::feed(std::string_view data, const log_callback& on_frame) {
  if (mode_ == mode::raw) {
    if (!data.empty()) {
      on_frame(log_stream::stdout_stream, data);
    }
    return;
  }
  pending_.append(data);
  if (mode_ == mode::sniff) {
    if (pending_.empty()) {
      return;
    }
    auto first = static_cast<unsigned char>(pending_[0]);
    if (first > 2) {
      mode_ = mode::raw;
    } else if (pending_.size() < 4) {
      return;
    } else {
      mode_ = (pending_[1] == 0 && pending_[2] == 0 && pending_[3] == 0) ? mode::multiplexed
                                                                         : mode::raw;
    }
    if (mode_ == mode::raw) {
      std::string all = std::move(pending_);
      pending_.clear();
      on_frame(log_stream::stdout_stream, all);
      return;
    }
  }
  std::size_t pos = 0;
  while (pending_.size() - pos >= 8) {
    const auto* h = reinterpret_cast<const unsigned char*>(pending_.data() + pos);
    std::size_t length = (std::size_t{h[4]} << 24) | (std::size_t{h[5]} << 16) |
                         (std::size_t{h[6]} << 8) | std::size_t{h[7]};
    if (pending_.size() - pos - 8 < length) {
      break;
    }
    auto stream = h[0] <= 2 ? static_cast<log_stream>(h[0]) : log_stream::stdout_stream;
    on_frame(stream, std::string_view(pending_.data() + pos + 8, length));
    pos += 8 + length;
  }
  pending_.erase(0, pos);
}

}  // namespace minecs::docker::detail
