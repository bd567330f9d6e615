#include "awslogs/log_shipper.hpp"

#include <spdlog/spdlog.h>

#include "minecs/core/metrics.hpp"

namespace minecs::reconcile {

namespace {

bool is_running(const json& info) {
  auto state = info.value("State", json::object());
  return state.value("Running", false);
}

bool ever_started(const json& info) {
  auto state = info.value("State", json::object());
  // Docker's zero time: the container was created but never started.
  return !state.value("StartedAt", std::string("0001-")).starts_with("0001-");
}

}  // namespace

log_shipper::log_shipper(store::database& db, docker::client& docker, const clock& clk, tuning t)
    : db_(db), docker_(docker), clk_(clk), tuning_(t) {}

log_shipper::~log_shipper() {
  stop();
}

void log_shipper::start() {
  {
    std::lock_guard lock(mutex_);
    if (running_) {
      return;
    }
    running_ = true;
    stopping_ = false;
  }
  flusher_ = std::thread([this] { run_flusher(); });
  auto captures = db_.read([&] { return store::list_log_captures(db_); });
  if (!captures.empty()) {
    spdlog::info("awslogs: resuming the capture of {} container(s)", captures.size());
  }
  for (const auto& c : captures) {
    follow(c.container_id);
  }
}

void log_shipper::reap_locked(std::vector<std::jthread>& out) {
  for (auto it = followers_.begin(); it != followers_.end();) {
    if (it->second.done) {
      out.push_back(std::move(it->second.thread));
      it = followers_.erase(it);
    } else {
      ++it;
    }
  }
}

void log_shipper::follow(const std::string& container_id) {
  std::vector<std::jthread> finished;  // joined outside the lock, when this returns
  std::lock_guard lock(mutex_);
  if (!running_ || stopping_) {
    return;
  }
  reap_locked(finished);
  if (auto it = followers_.find(container_id); it != followers_.end()) {
    it->second.again = true;
    return;
  }
  auto& f = followers_[container_id];
  f.thread = std::jthread([this, container_id](std::stop_token st) {
    try {
      run_follower(container_id, std::move(st));
    } catch (const std::exception& e) {
      spdlog::error("awslogs: capture of container {}: {}", container_id, e.what());
    }
    std::lock_guard inner(mutex_);
    if (auto it = followers_.find(container_id); it != followers_.end()) {
      it->second.done = true;
    }
  });
}

void log_shipper::stop() {
  std::map<std::string, follower> followers;
  {
    std::lock_guard lock(mutex_);
    if (!running_) {
      return;
    }
    followers = std::move(followers_);
    followers_.clear();
  }
  for (auto& [id, f] : followers) {
    f.thread.request_stop();
  }
  space_cv_.notify_all();
  for (auto& [id, f] : followers) {
    if (f.thread.joinable()) {
      f.thread.join();
    }
  }
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  flusher_.join();
  std::lock_guard lock(mutex_);
  running_ = false;
  stopping_ = false;
  pending_.clear();
  pending_lines_ = 0;
  pending_bytes_ = 0;
  warned_.clear();
}

void log_shipper::wait_flushed() {
  std::unique_lock lock(mutex_);
  idle_cv_.wait(lock, [&] { return pending_.empty() && !flushing_; });
}

std::size_t log_shipper::followed() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [id, f] : followers_) {
    n += f.done ? 0 : 1;
  }
  return n;
}

bool log_shipper::wait_retry(const std::stop_token& st) {
  std::unique_lock lock(mutex_);
  space_cv_.wait_for(lock, st, tuning_.retry, [] { return false; });
  return !st.stop_requested();
}

void log_shipper::enqueue(const std::string& container_id, std::vector<store::log_event_in> events,
                          const log_cursor& cursor, bool finished, const std::stop_token& st) {
  std::size_t bytes = 0;
  for (const auto& e : events) {
    bytes += e.message.size();
  }
  {
    std::unique_lock lock(mutex_);
    // Back pressure instead of unbounded memory, as the driver's blocking mode does; a stop
    // request ends the wait and the flush at stop takes what is here.
    space_cv_.wait(lock, st, [&] { return pending_bytes_ < tuning_.max_pending_bytes; });
    if (pending_.empty()) {
      first_pending_ = std::chrono::steady_clock::now();
    }
    auto& b = pending_[container_id];
    b.container_id = container_id;
    pending_lines_ += events.size();
    pending_bytes_ += bytes;
    for (auto& e : events) {
      b.events.push_back(std::move(e));
    }
    b.cursor_ns = cursor.ts_ns;
    b.cursor_count = cursor.count;
    b.finished = b.finished || finished;
  }
  cv_.notify_all();
}

void log_shipper::run_flusher() {
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
    if (pending_.empty()) {
      return;  // stopping, nothing left
    }
    if (!stopping_ && pending_lines_ < tuning_.flush_lines) {
      cv_.wait_until(lock, first_pending_ + tuning_.flush_interval,
                     [&] { return stopping_ || pending_lines_ >= tuning_.flush_lines; });
    }
    std::vector<store::captured_batch> batches;
    for (auto& [id, b] : pending_) {
      batches.push_back(std::move(b));
    }
    pending_.clear();
    pending_lines_ = 0;
    pending_bytes_ = 0;
    flushing_ = true;
    lock.unlock();
    space_cv_.notify_all();
    try {
      auto now_ms = static_cast<std::int64_t>(clk_.now() * 1000);
      auto outcomes = store::store_captured(db_, batches, now_ms);
      std::uint64_t shipped = 0;
      for (std::size_t i = 0; i < outcomes.size(); ++i) {
        if (outcomes[i] == store::append_outcome::appended) {
          shipped += batches[i].events.size();
        }
        if (outcomes[i] == store::append_outcome::group_missing &&
            warned_.insert(batches[i].container_id).second) {
          spdlog::warn(
              "awslogs: the log group of container {} no longer exists; its output is "
              "dropped",
              batches[i].container_id);
        }
      }
      metrics::process().awslogs_lines.add({}, shipped);
    } catch (const std::exception& e) {
      spdlog::error("awslogs: storing log events: {}", e.what());
    }
    lock.lock();
    flushing_ = false;
    idle_cv_.notify_all();
  }
}

void log_shipper::run_follower(std::string id, std::stop_token st) {
  auto capture = db_.read([&] { return store::find_log_capture(db_, id); });
  if (!capture) {
    return;
  }
  log_cursor committed{capture->cursor_ns, capture->cursor_count};
  std::optional<bool> tty;
  auto finish = [&] { enqueue(id, {}, committed, true, st); };
  while (!st.stop_requested()) {
    if (!tty) {
      auto info = docker_.inspect_container(id, tuning_.call_timeout);
      if (!info && info.error().not_found()) {
        finish();
        return;
      }
      if (!info) {
        if (!wait_retry(st)) {
          return;
        }
        continue;
      }
      tty = info->value("Config", json::object()).value("Tty", false);
    }
    log_line_assembler lines(*tty, committed);
    log_line_assembler::emit_fn emit = [&](log_line&& line) {
      std::vector<store::log_event_in> events;
      for (auto& piece : split_event_message(line.text)) {
        events.push_back({line.ts_ns / 1'000'000, std::move(piece)});
      }
      committed = line.resume;
      enqueue(id, std::move(events), committed, false, st);
    };
    docker::log_options options;
    options.follow = true;
    options.timestamps = true;
    if (committed.ts_ns > 0) {
      options.since = docker_since(committed.ts_ns);
    }
    auto streamed = docker_.stream_logs(
        id, options,
        [&](docker::log_stream s, std::string_view data) { lines.feed(s, data, emit); }, st,
        tuning_.call_timeout);
    if (st.stop_requested()) {
      return;
    }
    if (!streamed) {
      if (streamed.error().not_found()) {
        finish();
        return;
      }
      if (!wait_retry(st)) {
        return;
      }
      continue;
    }
    // The log ended: the container stopped, or was not running when asked.
    auto info = docker_.inspect_container(id, tuning_.call_timeout);
    if (!info && !info.error().not_found()) {
      if (!wait_retry(st)) {
        return;
      }
      continue;
    }
    if (info && is_running(*info)) {
      continue;
    }
    {
      std::lock_guard lock(mutex_);
      auto it = followers_.find(id);
      if (it != followers_.end() && it->second.again) {
        it->second.again = false;
        continue;
      }
      if (info && !ever_started(*info)) {
        // Asked before its start: the row stays for the follow() that comes after the start.
        return;
      }
    }
    if (info && !read_tail(id, lines, emit, st)) {
      return;
    }
    lines.finish(emit);
    finish();
    return;
  }
}

bool log_shipper::read_tail(const std::string& id, log_line_assembler& lines,
                            const log_line_assembler::emit_fn& emit, const std::stop_token& st) {
  // Docker can end a follow stream before the container's last message, often a final line
  // without newline (moby/moby#43860). The container has stopped and its log driver is closed,
  // so one read without follow, from where the stream stopped, has everything.
  for (;;) {
    lines.reread();
    docker::log_options options;
    options.follow = false;
    options.timestamps = true;
    if (auto from = lines.position(); from.ts_ns > 0) {
      options.since = docker_since(from.ts_ns);
    }
    auto read = docker_.stream_logs(
        id, options,
        [&](docker::log_stream s, std::string_view data) { lines.feed(s, data, emit); }, st,
        tuning_.call_timeout);
    if (st.stop_requested()) {
      return false;
    }
    if (read || read.error().not_found()) {
      return true;
    }
    if (!wait_retry(st)) {
      return false;
    }
  }
}

}  // namespace minecs::reconcile
