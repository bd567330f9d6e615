// Talks to a real dockerd. Without MINECS_REQUIRE_DOCKER a missing daemon skips these tests, so
// that a laptop without Docker still runs the suite; CI sets it, so there a missing daemon fails.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "minecs/docker/client.hpp"
#include "minecs/docker/holder_image.hpp"
#include "ustar.hpp"

namespace minecs::docker {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view image_repo = "minecs-test/busybox-live";
constexpr std::string_view image_tag = "latest";

bool docker_required() {
  const char* v = std::getenv("MINECS_REQUIRE_DOCKER");
  return v != nullptr && std::string_view(v) != "" && std::string_view(v) != "0";
}

std::string docker_host() {
  const char* v = std::getenv("DOCKER_HOST");
  return v != nullptr && *v != '\0' ? v : "unix:///var/run/docker.sock";
}

class LiveDocker : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = make_client(docker_host());
    ASSERT_TRUE(c) << c.error().message;
    docker_ = std::move(*c);
    auto ping = docker_->ping(3s);
    if (!ping) {
      if (docker_required()) {
        FAIL() << "MINECS_REQUIRE_DOCKER is set but no dockerd answers at " << docker_host() << ": "
               << ping.error().message;
      }
      GTEST_SKIP() << "no dockerd at " << docker_host() << " (" << ping.error().message << ")";
    }
  }

  // A root filesystem of Debian's busybox-static with the few applets the tests call.
  // Imported once per daemon: each import of the same tar would leave a dangling image behind.
  void import_busybox() {
    auto present =
        docker_->inspect_image(std::string(image_repo) + ":" + std::string(image_tag), 5s);
    ASSERT_TRUE(present) << present.error().message;
    if (*present) {
      return;
    }
    std::ifstream in("/bin/busybox", std::ios::binary);
    std::ostringstream binary;
    binary << in.rdbuf();
    if (binary.str().empty()) {
      if (docker_required()) {
        FAIL() << "/bin/busybox is missing: apt-get install busybox-static";
      }
      GTEST_SKIP() << "/bin/busybox is missing: apt-get install busybox-static";
    }
    ustar_writer tar;
    ASSERT_TRUE(tar.add_directory("bin"));
    ASSERT_TRUE(tar.add_file("bin/busybox", binary.str(), 0755));
    for (auto applet : {"sh", "echo", "sleep", "cat"}) {
      ASSERT_TRUE(tar.add_symlink(std::string("bin/") + applet, "busybox"));
    }
    ASSERT_TRUE(tar.add_directory("tmp", 01777));
    auto id = docker_->import_image(std::move(tar).finish(), image_repo, image_tag, {}, 60s);
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_TRUE(id->starts_with("sha256:")) << *id;
  }

  std::unique_ptr<client> docker_;
};

TEST_F(LiveDocker, VersionIsNegotiated) {
  auto v = docker_->api_version(5s);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_THAT(*v, ::testing::StartsWith("1."));
}

TEST_F(LiveDocker, ContainerRunsLogsAndExitsWithItsCode) {
  import_busybox();
  if (IsSkipped() || HasFatalFailure()) {
    return;
  }
  auto image = std::string(image_repo) + ":" + std::string(image_tag);
  auto inspected = docker_->inspect_image(image, 5s);
  ASSERT_TRUE(inspected) << inspected.error().message;
  ASSERT_TRUE(inspected->has_value());

  auto name = "minecs-live-" + std::to_string(::getpid());
  (void)docker_->remove_container(name, true, true, 10s);
  json config = {{"Image", image},
                 {"Cmd", {"sh", "-c", "echo hi; echo oops >&2; exit 3"}},
                 {"Labels", {{"minecs.test", name}}},
                 {"HostConfig", {{"NetworkMode", "none"}}}};
  auto id = docker_->create_container(name, config, 30s);
  ASSERT_TRUE(id) << id.error().message;

  // Events come from a second thread, as in the reconciler, and must see this container die.
  std::stop_source stop_events;
  std::atomic<bool> saw_die{false};
  std::thread watcher([&] {
    event_options options;
    options.filters = {{"type", {"container"}}, {"label", {"minecs.test=" + name}}};
    auto r = docker_->stream_events(
        options,
        [&](const json& e) {
          if (e.value("Action", "") == "die") {
            saw_die = true;
            stop_events.request_stop();
          }
        },
        stop_events.get_token(), 10s);
    EXPECT_TRUE(r) << r.error().message;
  });
  std::this_thread::sleep_for(300ms);

  ASSERT_TRUE(docker_->start_container(*id, 30s));
  std::string out;
  std::string err;
  auto logs = docker_->stream_logs(
      *id, log_options{},
      [&](log_stream s, std::string_view p) { (s == log_stream::stderr_stream ? err : out) += p; },
      {}, 30s);
  ASSERT_TRUE(logs) << logs.error().message;
  // timestamps=1: each line starts with an RFC 3339 time.
  EXPECT_THAT(out, ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[^ ]+ hi\n"));
  EXPECT_THAT(err, ::testing::HasSubstr(" oops\n"));

  json state;
  for (int i = 0; i < 100; ++i) {
    auto c = docker_->inspect_container(*id, 5s);
    ASSERT_TRUE(c) << c.error().message;
    state = (*c)["State"];
    if (state.value("Status", "") == "exited") {
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(state.value("Status", ""), "exited");
  EXPECT_EQ(state.value("ExitCode", -1), 3);

  auto listed = docker_->list_containers({"minecs.test=" + name}, true, 5s);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0]["Id"], *id);

  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!saw_die && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  stop_events.request_stop();
  watcher.join();
  EXPECT_TRUE(saw_die);

  ASSERT_TRUE(docker_->remove_container(*id, true, true, 10s));
  auto gone = docker_->inspect_container(*id, 5s);
  ASSERT_FALSE(gone);
  EXPECT_TRUE(gone.error().not_found());
}

TEST_F(LiveDocker, StoppingALongRunningContainer) {
  import_busybox();
  if (IsSkipped() || HasFatalFailure()) {
    return;
  }
  auto name = "minecs-live-sleep-" + std::to_string(::getpid());
  (void)docker_->remove_container(name, true, true, 10s);
  json config = {{"Image", std::string(image_repo) + ":" + std::string(image_tag)},
                 {"Cmd", {"sleep", "600"}},
                 {"HostConfig", {{"NetworkMode", "none"}}}};
  auto id = docker_->create_container(name, config, 30s);
  ASSERT_TRUE(id) << id.error().message;
  ASSERT_TRUE(docker_->start_container(*id, 30s));
  EXPECT_TRUE(docker_->start_container(*id, 30s)) << "starting twice is not an error";

  // A follow on a running container blocks until stopped from outside.
  std::stop_source stop_logs;
  std::thread stopper([&] {
    std::this_thread::sleep_for(300ms);
    stop_logs.request_stop();
  });
  auto started = std::chrono::steady_clock::now();
  auto logs = docker_->stream_logs(
      *id, log_options{}, [](log_stream, std::string_view) {}, stop_logs.get_token(), 10s);
  stopper.join();
  EXPECT_TRUE(logs);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);

  auto stats = docker_->container_stats(*id, 30s);
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_TRUE(stats->contains("memory_stats"));

  ASSERT_TRUE(docker_->stop_container(*id, 1, 10s));
  auto killed = docker_->kill_container(*id, "SIGKILL", 5s);
  ASSERT_FALSE(killed);
  EXPECT_TRUE(killed.error().conflict())
      << killed.error().http_status << " " << killed.error().message;
  ASSERT_TRUE(docker_->remove_container(*id, true, true, 10s));
}

TEST_F(LiveDocker, NetworksAndVolumes) {
  auto suffix = std::to_string(::getpid());
  auto net = docker_->create_network("minecs-live-net-" + suffix, "bridge",
                                     {{"minecs.test", suffix}}, "", 10s);
  ASSERT_TRUE(net) << net.error().message;
  auto inspected = docker_->inspect_network(*net, 5s);
  ASSERT_TRUE(inspected);
  EXPECT_EQ((*inspected)["Labels"]["minecs.test"], suffix);
  auto listed = docker_->list_networks({"minecs.test=" + suffix}, 5s);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 1u);
  ASSERT_TRUE(docker_->remove_network(*net, 10s));
  EXPECT_TRUE(docker_->inspect_network(*net, 5s).error().not_found());

  auto vol = docker_->create_volume("minecs-live-vol-" + suffix, {{"minecs.test", suffix}}, 10s);
  ASSERT_TRUE(vol) << vol.error().message;
  EXPECT_EQ((*vol)["Labels"]["minecs.test"], suffix);
  ASSERT_TRUE(docker_->remove_volume("minecs-live-vol-" + suffix, true, 10s));
}

// Needs the built holder (docker/holder/holder.c): its path from the environment, or from the
// build as MINECS_HOLDER_BINARY_PATH.
TEST_F(LiveDocker, HolderImageRunsAndStopsPromptly) {
  const char* binary = std::getenv("MINECS_HOLDER_BINARY");
#ifdef MINECS_HOLDER_BINARY_PATH
  if (binary == nullptr || *binary == '\0') {
    binary = MINECS_HOLDER_BINARY_PATH;
  }
#endif
  if (binary == nullptr || *binary == '\0') {
    GTEST_SKIP() << "MINECS_HOLDER_BINARY is not set";
  }
  auto image = ensure_holder_image(*docker_, binary, "minecs-test/holder-live:latest", 60s);
  ASSERT_TRUE(image) << image.error().message;
  auto name = "minecs-live-holder-" + std::to_string(::getpid());
  (void)docker_->remove_container(name, true, true, 10s);
  auto id = docker_->create_container(name, {{"Image", *image}}, 30s);
  ASSERT_TRUE(id) << id.error().message;
  ASSERT_TRUE(docker_->start_container(*id, 30s));
  auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(docker_->stop_container(*id, 20, 10s));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s) << "SIGTERM was not honoured";
  auto c = docker_->inspect_container(*id, 5s);
  ASSERT_TRUE(c);
  EXPECT_EQ((*c)["State"].value("ExitCode", -1), 0);
  ASSERT_TRUE(docker_->remove_container(*id, true, true, 10s));
}

TEST_F(LiveDocker, PullWithoutARegistryFailsWithTheDaemonsReason) {
  auto pulled = docker_->pull_image("minecs.invalid/nothing/here:1", 60s);
  ASSERT_FALSE(pulled);
  EXPECT_FALSE(pulled.error().message.empty());
  EXPECT_FALSE(pulled.error().not_found() && pulled.error().message == "HTTP status 404");
}

}  // namespace
}  // namespace minecs::docker
