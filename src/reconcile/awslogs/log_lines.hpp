#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minecs/docker/client.hpp"

// From Docker's log stream (timestamps on) to CloudWatch Logs events. Pure.
namespace minecs::reconcile {

// Where Docker's awslogs driver, which ECS runs, cuts a line: 256 KiB less the 26 bytes
// CloudWatch Logs counts per event. PutLogEvents would now take 1 MB events, but ECS users see
// 256 KiB pieces, so minecs cuts there too.
constexpr std::size_t max_event_message_bytes = 262'144 - 26;

// Docker's RFC 3339 timestamps ("2024-05-01T12:34:56.123456789Z", or with an offset) as
// nanoseconds since the epoch; nullopt when the text is not one.
std::optional<std::int64_t> parse_docker_timestamp(std::string_view text);
// The `since` Docker takes for a time in nanoseconds: "<seconds>.<9 digits>".
std::string docker_since(std::int64_t ns);

// CloudWatch Logs stores UTF-8: invalid bytes become U+FFFD, then the text is cut at code point
// boundaries into pieces of at most max_bytes. An empty line gives no event (PutLogEvents needs
// at least one character).
std::vector<std::string> split_event_message(std::string_view text,
                                             std::size_t max_bytes = max_event_message_bytes);

// A position in Docker's log: the timestamp of the last message consumed and how many messages
// carried exactly that timestamp. Docker's `since` includes its own instant, so resuming means
// asking from ts_ns and skipping `count` messages of that instant.
struct log_cursor {
  std::int64_t ts_ns = 0;
  std::int64_t count = 0;
  void advance(std::int64_t ts);
  bool operator==(const log_cursor&) const = default;
};

struct log_line {
  docker::log_stream stream = docker::log_stream::stdout_stream;
  std::int64_t ts_ns = 0;  // of its first message
  std::string text;        // without the newline
  log_cursor resume;       // resuming here cannot lose this line
};

// Reassembles lines from the frames stream_logs delivers: one Docker message per frame with the
// stream's own timestamp first; a message without a final newline is part of a longer line
// (Docker cuts lines at 16 KiB) that the next messages of the same stream complete. A TTY
// container's output is one raw byte stream instead, cut anywhere. Messages at or before `from`
// are skipped, so a new assembler picks up where an earlier one stopped.
class log_line_assembler {
 public:
  using emit_fn = std::function<void(log_line&&)>;

  log_line_assembler(bool tty, log_cursor from);

  void feed(docker::log_stream stream, std::string_view payload, const emit_fn& emit);
  // The log ended (the container stopped): what is left becomes lines too.
  void finish(const emit_fn& emit);

  // Where this assembler has read to: the `since` (its ts_ns) of a new read of the log.
  log_cursor position() const { return read_; }
  // The next messages come from a new read since position(), which repeats what was consumed at
  // that instant: skip that again, and keep the lines still being assembled.
  void reread();

 private:
  struct partial {
    bool active = false;
    std::int64_t ts_ns = 0;
    std::string text;
    log_cursor before;
    std::string raw;  // TTY bytes not yet ending in a newline
  };

  void message(docker::log_stream stream, std::string_view m, bool complete, const emit_fn& emit);
  partial& of(docker::log_stream stream);
  log_cursor safe_resume(docker::log_stream done) const;

  bool tty_;
  log_cursor from_;
  std::int64_t skipped_ = 0;
  bool passed_ = false;
  log_cursor read_;
  partial out_;
  partial err_;
};

}  // namespace minecs::reconcile
