#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "fake_docker.hpp"
#include "minecs/docker/client.hpp"

namespace minecs::docker {
namespace {

using namespace std::chrono_literals;
using testing::client_for;
using testing::fake_connection;
using testing::fake_docker;
using testing::recorded_request;

std::string frame(int stream, std::string_view payload) {
  std::string out(8, '\0');
  out[0] = static_cast<char>(stream);
  auto n = payload.size();
  out[4] = static_cast<char>((n >> 24) & 0xFF);
  out[5] = static_cast<char>((n >> 16) & 0xFF);
  out[6] = static_cast<char>((n >> 8) & 0xFF);
  out[7] = static_cast<char>(n & 0xFF);
  return out + std::string(payload);
}

struct captured_frame {
  log_stream stream;
  std::string payload;
  bool operator==(const captured_frame&) const = default;
};

TEST(Logs, DemultiplexesFramesSplitAcrossChunks) {
  std::string wire = frame(1, "2024-01-01T00:00:00.000000000Z hello\n") +
                     frame(2, "2024-01-01T00:00:00.100000000Z oops\n") + frame(1, "") +
                     frame(1, std::string(70000, 'x'));
  fake_docker fake;
  fake.on([&](const recorded_request&, fake_connection& c) {
    c.begin_chunked(200, "application/vnd.docker.raw-stream");
    // Cut inside a header, inside a payload, and across frame boundaries.
    std::size_t cuts[] = {3, 9, 20, 47, 48, 60, 1000, wire.size()};
    std::size_t pos = 0;
    for (auto cut : cuts) {
      c.chunk(wire.substr(pos, cut - pos));
      pos = cut;
    }
    c.end_chunked();
  });
  auto docker = client_for(fake);
  std::vector<captured_frame> frames;
  log_options options;
  options.since = "1700000000.5";
  options.tail = "all";
  auto r = docker->stream_logs(
      "abc", options,
      [&](log_stream s, std::string_view p) {
        frames.push_back({s, std::string(p)});
      },
      {}, 2s);
  ASSERT_TRUE(r) << r.error().message;
  std::vector<captured_frame> expected = {
      {log_stream::stdout_stream, "2024-01-01T00:00:00.000000000Z hello\n"},
      {log_stream::stderr_stream, "2024-01-01T00:00:00.100000000Z oops\n"},
      {log_stream::stdout_stream, ""},
      {log_stream::stdout_stream, std::string(70000, 'x')},
  };
  EXPECT_EQ(frames, expected);
  auto req = fake.api_requests().at(0);
  EXPECT_EQ(req.path(), "/v1.41/containers/abc/logs");
  EXPECT_EQ(req.param("follow"), "1");
  EXPECT_EQ(req.param("stdout"), "1");
  EXPECT_EQ(req.param("stderr"), "1");
  EXPECT_EQ(req.param("timestamps"), "1");
  EXPECT_EQ(req.param("since"), "1700000000.5");
  EXPECT_EQ(req.param("tail"), "all");
}

TEST(Logs, TtyOutputIsPassedThroughAsStdout) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.begin_chunked(200, "application/vnd.docker.raw-stream");
    c.chunk("hello ");
    c.chunk("world\n");
    c.end_chunked();
  });
  auto docker = client_for(fake);
  std::string out;
  auto r = docker->stream_logs(
      "abc", log_options{},
      [&](log_stream s, std::string_view p) {
        EXPECT_EQ(s, log_stream::stdout_stream);
        out += p;
      },
      {}, 2s);
  ASSERT_TRUE(r);
  EXPECT_EQ(out, "hello world\n");
}

TEST(Logs, MultiplexedContentTypeIsTrustedWithoutSniffing) {
  fake_docker fake("1.41");
  fake.on([](const recorded_request&, fake_connection& c) {
    c.begin_chunked(200, "application/vnd.docker.multiplexed-stream");
    c.chunk(frame(2, "e"));
    c.end_chunked();
  });
  auto docker = client_for(fake);
  std::vector<captured_frame> frames;
  ASSERT_TRUE(docker->stream_logs(
      "abc", log_options{},
      [&](log_stream s, std::string_view p) {
        frames.push_back({s, std::string(p)});
      },
      {}, 2s));
  EXPECT_EQ(frames, (std::vector<captured_frame>{{log_stream::stderr_stream, "e"}}));
}

TEST(Logs, UnknownContainerIsAnError) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.reply_json(404, {{"message", "No such container: abc"}});
  });
  auto docker = client_for(fake);
  auto r = docker->stream_logs(
      "abc", log_options{}, [](log_stream, std::string_view) {}, {}, 2s);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().not_found());
  EXPECT_EQ(r.error().message, "No such container: abc");
}

TEST(Logs, StopReturnsPromptlyWhileTheDaemonIsSilent) {
  fake_docker fake;
  std::promise<std::chrono::milliseconds> hung_up;
  fake.on([&](const recorded_request&, fake_connection& c) {
    c.begin_chunked(200, "application/vnd.docker.raw-stream");
    c.chunk(frame(1, "first\n"));
    hung_up.set_value(c.wait_for_hangup());
  });
  auto docker = client_for(fake);
  std::stop_source stop;
  std::promise<void> got_first;
  std::thread stopper([&] {
    got_first.get_future().wait();
    std::this_thread::sleep_for(100ms);
    stop.request_stop();
  });
  int frames = 0;
  auto start = std::chrono::steady_clock::now();
  auto r = docker->stream_logs(
      "abc", log_options{},
      [&](log_stream, std::string_view) {
        if (++frames == 1) {
          got_first.set_value();
        }
      },
      stop.get_token(), 2s);
  auto took = std::chrono::steady_clock::now() - start;
  stopper.join();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(frames, 1);
  EXPECT_LT(took, 2s);
  // The connection was really closed, not left for the daemon to time out.
  auto fut = hung_up.get_future();
  ASSERT_EQ(fut.wait_for(2s), std::future_status::ready);
}

TEST(Logs, AlreadyStoppedTokenReturnsAtOnce) {
  fake_docker fake;
  auto docker = client_for(fake);
  std::stop_source stop;
  stop.request_stop();
  auto r = docker->stream_logs(
      "abc", log_options{}, [](log_stream, std::string_view) {}, stop.get_token(), 2s);
  EXPECT_TRUE(r);
}

TEST(Events, DeliversEachEventOfAChunkedStreamAndReportsItsEnd) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.begin_chunked(200, "application/json");
    c.chunk(R"({"Type":"container","Action":"start","id":"a1"})"
            "\n"
            R"({"Type":"contai)");
    c.chunk(R"(ner","Action":"die","id":"a1","Actor":{"Attributes":{"exitCode":"3"}}})");
    c.chunk("\n");
    c.end_chunked();
  });
  auto docker = client_for(fake);
  std::vector<json> events;
  event_options options;
  options.filters = {{"type", {"container"}}, {"label", {"minecs.cluster"}}};
  options.since = "1700000000";
  auto r = docker->stream_events(
      options, [&](const json& e) { events.push_back(e); }, {}, 2s);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().transport());
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("ended"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["Action"], "start");
  EXPECT_EQ(events[1]["Action"], "die");
  EXPECT_EQ(events[1]["Actor"]["Attributes"]["exitCode"], "3");
  auto req = fake.api_requests().at(0);
  EXPECT_EQ(req.path(), "/v1.41/events");
  EXPECT_EQ(json::parse(req.param("filters")), options.filters);
  EXPECT_EQ(req.param("since"), "1700000000");
}

TEST(Events, DaemonGoingAwayMidStreamIsAnError) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.begin_chunked(200, "application/json");
    c.chunk(R"({"Action":"start"})"
            "\n");
    // Returns without the last chunk: the connection just drops.
  });
  auto docker = client_for(fake);
  int events = 0;
  auto r = docker->stream_events(
      {}, [&](const json&) { ++events; }, {}, 2s);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().transport());
  EXPECT_EQ(events, 1);
}

TEST(Events, NoDaemonIsAnError) {
  auto docker = *make_client("unix:///nonexistent/minecs/docker.sock");
  auto r = docker->stream_events(
      {}, [](const json&) {}, {}, 2s);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().transport());
}

TEST(Events, MalformedEventIsAnError) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.begin_chunked(200, "application/json");
    c.chunk("not json\n");
    c.wait_for_hangup();
  });
  auto docker = client_for(fake);
  auto r = docker->stream_events(
      {}, [](const json&) {}, {}, 2s);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("not json"));
}

TEST(Events, StopFromAnotherThreadEndsTheStreamCleanly) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.begin_chunked(200, "application/json");
    c.wait_for_hangup();
  });
  auto docker = client_for(fake);
  std::stop_source stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(200ms);
    stop.request_stop();
  });
  auto start = std::chrono::steady_clock::now();
  auto r = docker->stream_events(
      {}, [](const json&) {}, stop.get_token(), 2s);
  auto took = std::chrono::steady_clock::now() - start;
  stopper.join();
  EXPECT_TRUE(r) << r.error().message;
  EXPECT_LT(took, 2s);
}

TEST(Events, StopBeforeTheHeadArrivesIsHonoured) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) { c.wait_for_hangup(); });
  auto docker = client_for(fake);
  ASSERT_TRUE(docker->api_version(2s));
  std::stop_source stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(100ms);
    stop.request_stop();
  });
  auto start = std::chrono::steady_clock::now();
  auto r = docker->stream_events(
      {}, [](const json&) {}, stop.get_token(), 10s);
  stopper.join();
  EXPECT_TRUE(r);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(Events, SilentDaemonBeforeTheHeadTimesOut) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) { c.wait_for_hangup(); });
  auto docker = client_for(fake);
  auto r = docker->stream_events(
      {}, [](const json&) {}, {}, 300ms);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("timed out"));
}

}  // namespace
}  // namespace minecs::docker
