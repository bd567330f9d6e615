#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <thread>

#include "awslogs/log_shipper.hpp"
#include "docker_timestamps.hpp"
#include "manual_clock.hpp"
#include "minecs/store/log_captures.hpp"
#include "mock_docker.hpp"

namespace minecs::reconcile {
namespace {

using test_support::docker_ts;
using test_support::ts_ns;

using ::testing::_;
using ::testing::Field;
using ::testing::NiceMock;
using ::testing::Return;

using docker::testing::json_ok;

auto following() {
  return Field(&docker::log_options::follow, true);
}

json exited() {
  return {{"Config", {{"Tty", false}}},
          {"State", {{"Running", false}, {"StartedAt", "2024-05-01T12:34:50Z"}}}};
}

class LogShipperTest : public ::testing::Test {
 protected:
  LogShipperTest() {
    log_shipper::tuning t;
    t.flush_interval = std::chrono::milliseconds(10);
    t.retry = std::chrono::milliseconds(10);
    shipper_ = std::make_unique<log_shipper>(db_, docker_, clock_, t);
    ON_CALL(docker_, inspect_container("c1", _)).WillByDefault(Return(json_ok(exited())));
    // The read without follow that ends every capture: nothing beyond what the stream gave.
    EXPECT_CALL(docker_, stream_logs(_, Field(&docker::log_options::follow, false), _, _, _))
        .WillRepeatedly(Return(docker::result<void>()));
  }
  ~LogShipperTest() override { shipper_->stop(); }

  void open(log_cursor from = {}, bool make_group = true) {
    db_.write([&] {
      if (make_group) {
        store::log_group g;
        g.region = "us-east-1";
        g.name = "/g";
        g.created_ms = 1;
        store::insert_log_group(db_, g);
      }
      store::log_capture c;
      c.container_id = "c1";
      c.task_arn = "arn:task";
      c.region = "us-east-1";
      c.group = "/g";
      c.stream = "p/app/t1";
      c.cursor_ns = from.ts_ns;
      c.cursor_count = from.count;
      store::open_log_capture(db_, c, 1);
    });
  }

  bool row_gone() {
    return !db_.read([&] { return store::find_log_capture(db_, "c1"); });
  }

  void wait_row_gone() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!row_gone() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_TRUE(row_gone());
  }

  std::vector<store::log_event> stored() {
    return db_.read([&] {
      std::vector<store::log_event> out;
      auto g = store::find_log_group(db_, "us-east-1", "/g");
      if (!g) {
        return out;
      }
      auto s = store::find_log_stream(db_, g->id, "p/app/t1");
      if (!s) {
        return out;
      }
      return store::stream_events_after(db_, s->id, {}, store::event_position::first(), 1000);
    });
  }

  static std::vector<std::string> messages(const std::vector<store::log_event>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) {
      out.push_back(e.message);
    }
    return out;
  }

  // A container's log as Docker keeps it, served to every read: a read without follow gets each
  // message at or after `since`; a follow stream ends after its first `followed` of those, as
  // Docker's sometimes does (moby/moby#43860). Records the options of every read.
  struct docker_message {
    docker::log_stream stream;
    int at_ms;
    std::string text;
  };
  void serve_log(std::vector<docker_message> log, std::size_t followed) {
    EXPECT_CALL(docker_, stream_logs("c1", _, _, _, _))
        .WillRepeatedly([this, log = std::move(log), followed](
                            std::string_view, const docker::log_options& o,
                            const docker::log_callback& cb, std::stop_token, docker::timeout) {
          reads_.push_back(o);
          std::int64_t since = 0;
          if (o.since) {
            auto dot = o.since->find('.');
            since = std::stoll(o.since->substr(0, dot)) * 1'000'000'000 +
                    std::stoll(o.since->substr(dot + 1));
          }
          std::size_t sent = 0;
          for (const auto& m : log) {
            if (ts_ns(m.at_ms) < since) {
              continue;
            }
            if (o.follow && sent == followed) {
              break;
            }
            cb(m.stream, docker_ts(m.at_ms) + m.text);
            ++sent;
          }
          return docker::result<void>();
        });
  }

  store::database db_{":memory:"};
  std::vector<docker::log_options> reads_;  // written by the follower, read after it finished
  NiceMock<docker::testing::mock_docker> docker_;
  manual_clock clock_;
  std::unique_ptr<log_shipper> shipper_;
};

TEST_F(LogShipperTest, CopiesBothStreamsUntilTheContainerStops) {
  open();
  EXPECT_CALL(docker_, stream_logs("c1", following(), _, _, _))
      .WillOnce([](std::string_view, const docker::log_options& o, const docker::log_callback& cb,
                   std::stop_token, docker::timeout) {
        EXPECT_TRUE(o.follow);
        EXPECT_TRUE(o.timestamps);
        EXPECT_TRUE(o.include_stdout);
        EXPECT_TRUE(o.include_stderr);
        EXPECT_FALSE(o.since);
        cb(docker::log_stream::stdout_stream, docker_ts(1) + "hello\n");
        cb(docker::log_stream::stderr_stream, docker_ts(2) + "oops\n");
        cb(docker::log_stream::stdout_stream, docker_ts(3) + "\n");  // an empty line: no event
        cb(docker::log_stream::stdout_stream, docker_ts(4) + "bye");
        return docker::result<void>();
      });
  shipper_->start();
  wait_row_gone();
  auto events = stored();
  EXPECT_EQ(messages(events), (std::vector<std::string>{"hello", "oops", "bye"}));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].timestamp_ms, ts_ns(1) / 1000000);
  EXPECT_EQ(events[2].timestamp_ms, ts_ns(4) / 1000000);
}

TEST_F(LogShipperTest, ResumesAfterTheCursorWithoutRepeating) {
  open(log_cursor{ts_ns(5), 1});
  EXPECT_CALL(docker_, stream_logs("c1", following(), _, _, _))
      .WillOnce([](std::string_view, const docker::log_options& o, const docker::log_callback& cb,
                   std::stop_token, docker::timeout) {
        EXPECT_EQ(o.since, std::optional<std::string>(docker_since(ts_ns(5))));
        cb(docker::log_stream::stdout_stream, docker_ts(5) + "already stored\n");
        cb(docker::log_stream::stdout_stream, docker_ts(5) + "same instant, new\n");
        cb(docker::log_stream::stdout_stream, docker_ts(6) + "later\n");
        return docker::result<void>();
      });
  shipper_->start();
  wait_row_gone();
  EXPECT_EQ(messages(stored()), (std::vector<std::string>{"same instant, new", "later"}));
}

TEST_F(LogShipperTest, ACutStreamIsResumedFromWhatWasRead) {
  open();
  EXPECT_CALL(docker_, stream_logs("c1", following(), _, _, _))
      .WillOnce([](std::string_view, const docker::log_options&, const docker::log_callback& cb,
                   std::stop_token, docker::timeout) {
        cb(docker::log_stream::stdout_stream, docker_ts(1) + "a\n");
        cb(docker::log_stream::stdout_stream, docker_ts(2) + "half");
        return docker::result<void>(docker::error{0, "connection reset"});
      })
      .WillOnce([](std::string_view, const docker::log_options& o, const docker::log_callback& cb,
                   std::stop_token, docker::timeout) {
        EXPECT_EQ(o.since, std::optional<std::string>(docker_since(ts_ns(1))));
        cb(docker::log_stream::stdout_stream, docker_ts(1) + "a\n");
        cb(docker::log_stream::stdout_stream, docker_ts(2) + "half");
        cb(docker::log_stream::stdout_stream, docker_ts(3) + " and the rest\n");
        return docker::result<void>();
      });
  shipper_->start();
  wait_row_gone();
  EXPECT_EQ(messages(stored()), (std::vector<std::string>{"a", "half and the rest"}));
}

TEST_F(LogShipperTest, StopStoresWhatWasReadAndKeepsTheCursor) {
  open();
  std::atomic<bool> delivered{false};
  EXPECT_CALL(docker_, stream_logs("c1", following(), _, _, _))
      .WillOnce([&](std::string_view, const docker::log_options&, const docker::log_callback& cb,
                    std::stop_token st, docker::timeout) {
        cb(docker::log_stream::stdout_stream, docker_ts(1) + "one\n");
        cb(docker::log_stream::stdout_stream, docker_ts(1) + "two\n");
        delivered = true;
        // A running container: the stream stays open until minecs stops.
        std::mutex m;
        std::condition_variable_any cv;
        std::unique_lock lock(m);
        cv.wait(lock, st, [] { return false; });
        return docker::result<void>();
      });
  shipper_->start();
  while (!delivered) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_EQ(shipper_->followed(), 1u);
  shipper_->stop();
  EXPECT_EQ(messages(stored()), (std::vector<std::string>{"one", "two"}));
  auto row = db_.read([&] { return store::find_log_capture(db_, "c1"); });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->cursor_ns, ts_ns(1));
  EXPECT_EQ(row->cursor_count, 2);
}

TEST_F(LogShipperTest, AVanishedGroupDropsTheOutputQuietly) {
  open();
  db_.write([&] {
    auto g = store::find_log_group(db_, "us-east-1", "/g");
    store::delete_log_group(db_, g->id);
  });
  EXPECT_CALL(docker_, stream_logs("c1", following(), _, _, _))
      .WillOnce([](std::string_view, const docker::log_options&, const docker::log_callback& cb,
                   std::stop_token, docker::timeout) {
        cb(docker::log_stream::stdout_stream, docker_ts(1) + "lost\n");
        return docker::result<void>();
      });
  shipper_->start();
  wait_row_gone();
  EXPECT_FALSE(db_.read([&] { return store::find_log_group(db_, "us-east-1", "/g"); }));
}

TEST_F(LogShipperTest, ARemovedContainerEndsItsCapture) {
  open();
  EXPECT_CALL(docker_, inspect_container("c1", _))
      .WillRepeatedly(Return(docker::result<json>(docker::error{404, "No such container"})));
  EXPECT_CALL(docker_, stream_logs(_, _, _, _, _)).Times(0);
  shipper_->start();
  wait_row_gone();
}

TEST_F(LogShipperTest, AContainerNotYetStartedKeepsItsRowForLater) {
  open();
  json created = {{"Config", {{"Tty", false}}},
                  {"State", {{"Running", false}, {"StartedAt", "0001-01-01T00:00:00Z"}}}};
  EXPECT_CALL(docker_, inspect_container("c1", _)).WillRepeatedly(Return(json_ok(created)));
  EXPECT_CALL(docker_, stream_logs("c1", following(), _, _, _))
      .WillOnce(Return(docker::result<void>()));
  shipper_->start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (shipper_->followed() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(shipper_->followed(), 0u);
  EXPECT_FALSE(row_gone());
}

TEST_F(LogShipperTest, AFinalLineTheFollowStreamMissedIsReadWithoutFollow) {
  // `printf x` in a container: Docker ended the follow stream before its only message.
  open();
  serve_log({{docker::log_stream::stdout_stream, 1, "x"}}, 0);
  shipper_->start();
  wait_row_gone();
  EXPECT_EQ(messages(stored()), (std::vector<std::string>{"x"}));
  ASSERT_EQ(reads_.size(), 2u);
  EXPECT_TRUE(reads_[0].follow);
  EXPECT_FALSE(reads_[1].follow);
  EXPECT_TRUE(reads_[1].timestamps);
  EXPECT_FALSE(reads_[1].since);
}

TEST_F(LogShipperTest, TheTailReadSkipsWhatWasShippedAtTheSameInstant) {
  open();
  serve_log({{docker::log_stream::stdout_stream, 0, "before\n"},
             {docker::log_stream::stdout_stream, 1, "one\n"},
             {docker::log_stream::stderr_stream, 1, "two\n"},
             {docker::log_stream::stdout_stream, 1, "three"}},
            3);
  shipper_->start();
  wait_row_gone();
  EXPECT_EQ(messages(stored()), (std::vector<std::string>{"before", "one", "two", "three"}));
  ASSERT_EQ(reads_.size(), 2u);
  EXPECT_EQ(reads_[1].since, std::optional<std::string>(docker_since(ts_ns(1))));
}

TEST_F(LogShipperTest, TheTailReadCompletesALineTheStreamLeftUnfinished) {
  open();
  serve_log({{docker::log_stream::stdout_stream, 1, "a\n"},
             {docker::log_stream::stdout_stream, 2, "first half,"},
             {docker::log_stream::stdout_stream, 3, " second half\n"},
             {docker::log_stream::stderr_stream, 3, "last"}},
            2);
  shipper_->start();
  wait_row_gone();
  EXPECT_EQ(messages(stored()), (std::vector<std::string>{"a", "first half, second half", "last"}));
}

TEST_F(LogShipperTest, AFailedTailReadIsTriedAgainWithoutRepeating) {
  open();
  std::vector<std::string> tail = {docker_ts(1) + "one\n", docker_ts(2) + "two\n",
                                   docker_ts(3) + "three"};
  EXPECT_CALL(docker_, stream_logs("c1", following(), _, _, _))
      .WillOnce([&](std::string_view, const docker::log_options&, const docker::log_callback& cb,
                    std::stop_token, docker::timeout) {
        cb(docker::log_stream::stdout_stream, tail[0]);
        return docker::result<void>();
      });
  EXPECT_CALL(docker_, stream_logs("c1", Field(&docker::log_options::follow, false), _, _, _))
      .WillOnce([&](std::string_view, const docker::log_options&, const docker::log_callback& cb,
                    std::stop_token, docker::timeout) {
        cb(docker::log_stream::stdout_stream, tail[0]);
        cb(docker::log_stream::stdout_stream, tail[1]);
        return docker::result<void>(docker::error{0, "connection reset"});
      })
      .WillOnce([&](std::string_view, const docker::log_options& o, const docker::log_callback& cb,
                    std::stop_token, docker::timeout) {
        EXPECT_EQ(o.since, std::optional<std::string>(docker_since(ts_ns(2))));
        cb(docker::log_stream::stdout_stream, tail[1]);
        cb(docker::log_stream::stdout_stream, tail[2]);
        return docker::result<void>();
      });
  shipper_->start();
  wait_row_gone();
  EXPECT_EQ(messages(stored()), (std::vector<std::string>{"one", "two", "three"}));
}

}  // namespace
}  // namespace minecs::reconcile
