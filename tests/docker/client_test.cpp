#include "minecs/docker/client.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <boost/asio/ip/tcp.hpp>

#include "fake_docker.hpp"

namespace minecs::docker {
namespace {

using namespace std::chrono_literals;
using testing::client_for;
using testing::fake_connection;
using testing::fake_docker;
using testing::recorded_request;

TEST(Endpoint, ParsesUnixAndTcpForms) {
  auto u = parse_endpoint("unix:///var/run/docker.sock");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->type, endpoint::kind::unix_socket);
  EXPECT_EQ(u->path, "/var/run/docker.sock");

  auto t = parse_endpoint("tcp://127.0.0.1:2375");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->type, endpoint::kind::tcp);
  EXPECT_EQ(t->host, "127.0.0.1");
  EXPECT_EQ(t->port, "2375");
  EXPECT_EQ(t->to_string(), "tcp://127.0.0.1:2375");

  auto v6 = parse_endpoint("tcp://[::1]:2376/");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, "2376");
}

TEST(Endpoint, RejectsOtherForms) {
  EXPECT_FALSE(parse_endpoint("npipe:////./pipe/docker_engine"));
  EXPECT_FALSE(parse_endpoint("unix://relative.sock"));
  EXPECT_FALSE(parse_endpoint("tcp://host"));
  EXPECT_FALSE(parse_endpoint("tcp://host:port"));
  EXPECT_FALSE(make_client("ssh://me@host"));
}

TEST(Version, NewerDaemonIsSpokenToAt141AndAskedOnce) {
  fake_docker fake("1.43");
  fake.on([](const recorded_request&, fake_connection& c) { c.reply_json(200, json::array()); });
  auto docker = client_for(fake);
  ASSERT_TRUE(docker->list_containers({}, true, 2s));
  ASSERT_TRUE(docker->list_networks({}, 2s));
  auto v = docker->api_version(2s);
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, "1.41");
  auto all = fake.requests();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].path(), "/version");
  EXPECT_EQ(all[1].path(), "/v1.41/containers/json");
  EXPECT_EQ(all[2].path(), "/v1.41/networks");
}

TEST(Version, OlderDaemonIsSpokenToInItsOwnVersion) {
  fake_docker fake("1.40");
  fake.on([](const recorded_request&, fake_connection& c) { c.reply_json(200, json::object()); });
  auto docker = client_for(fake);
  ASSERT_TRUE(docker->inspect_container("abc", 2s));
  EXPECT_EQ(fake.api_requests().at(0).target, "/v1.40/containers/abc/json");
}

TEST(Version, VersionAndPingAreUnversioned) {
  fake_docker fake;
  fake.on([](const recorded_request& r, fake_connection& c) {
    c.reply(r.path() == "/_ping" ? 200 : 404, "OK", "text/plain");
  });
  auto docker = client_for(fake);
  auto v = docker->version(2s);
  ASSERT_TRUE(v);
  EXPECT_EQ((*v)["Version"], "fake");
  EXPECT_TRUE(docker->ping(2s));
  EXPECT_EQ(fake.requests().back().target, "/_ping");
}

TEST(Containers, CreateSendsNameAndConfigAndReturnsId) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.reply_json(201, {{"Id", "c0ffee"}, {"Warnings", json::array()}});
  });
  auto docker = client_for(fake);
  json config = {{"Image", "busybox"},
                 {"Cmd", {"sh", "-c", "echo hi"}},
                 {"Labels", {{"minecs.task", "arn:aws:ecs:x"}}},
                 {"HostConfig", {{"NetworkMode", "container:abc"}}}};
  auto id = docker->create_container("ecs-task-1", config, 2s);
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, "c0ffee");
  auto r = fake.api_requests().at(0);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path(), "/v1.41/containers/create");
  EXPECT_EQ(r.param("name"), "ecs-task-1");
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(json::parse(r.body), config);
}

TEST(Containers, DaemonErrorsCarryStatusAndMessage) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.reply_json(404, {{"message", "No such container: nope"}});
  });
  auto docker = client_for(fake);
  auto r = docker->inspect_container("nope", 2s);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().not_found());
  EXPECT_EQ(r.error().message, "No such container: nope");
  EXPECT_THROW(r.value(), std::runtime_error);
}

TEST(Containers, ConflictWithPlainTextBody) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.reply(409, "container is not running\n", "text/plain");
  });
  auto docker = client_for(fake);
  auto r = docker->kill_container("abc", "SIGKILL", 2s);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().conflict());
  EXPECT_EQ(r.error().message, "container is not running");
}

TEST(Containers, LifecycleCallsUseDockersPathsAndQueries) {
  fake_docker fake;
  fake.on([](const recorded_request& r, fake_connection& c) {
    // 304 is how Docker says "already started/stopped": not a failure.
    c.reply(r.path().ends_with("/start") ? 304 : 204, "");
  });
  auto docker = client_for(fake);
  EXPECT_TRUE(docker->start_container("abc", 2s));
  EXPECT_TRUE(docker->stop_container("abc", 7, 2s));
  EXPECT_TRUE(docker->kill_container("abc", "SIGTERM", 2s));
  EXPECT_TRUE(docker->remove_container("abc", true, true, 2s));
  auto r = fake.api_requests();
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].method, "POST");
  EXPECT_EQ(r[0].target, "/v1.41/containers/abc/start");
  EXPECT_EQ(r[1].path(), "/v1.41/containers/abc/stop");
  EXPECT_EQ(r[1].param("t"), "7");
  EXPECT_EQ(r[2].path(), "/v1.41/containers/abc/kill");
  EXPECT_EQ(r[2].param("signal"), "SIGTERM");
  EXPECT_EQ(r[3].method, "DELETE");
  EXPECT_EQ(r[3].path(), "/v1.41/containers/abc");
  EXPECT_EQ(r[3].param("force"), "true");
  EXPECT_EQ(r[3].param("v"), "true");
}

TEST(Containers, ListFiltersByLabelsAndIncludesStopped) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.reply_json(200, json::array({{{"Id", "a"}}, {{"Id", "b"}}}));
  });
  auto docker = client_for(fake);
  auto list = docker->list_containers({"minecs.cluster=default", "minecs.task"}, true, 2s);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->size(), 2u);
  auto r = fake.api_requests().at(0);
  EXPECT_EQ(r.param("all"), "true");
  EXPECT_EQ(json::parse(r.param("filters")),
            json({{"label", {"minecs.cluster=default", "minecs.task"}}}));
}

TEST(Containers, StatsIsOneShot) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.reply_json(200, {{"memory_stats", {{"usage", 1234}}}});
  });
  auto docker = client_for(fake);
  auto stats = docker->container_stats("abc", 2s);
  ASSERT_TRUE(stats);
  EXPECT_EQ((*stats)["memory_stats"]["usage"], 1234);
  auto r = fake.api_requests().at(0);
  EXPECT_EQ(r.path(), "/v1.41/containers/abc/stats");
  EXPECT_EQ(r.param("stream"), "false");
}

TEST(Containers, StatsOfManyContainersAreAskedAtOnce) {
  // As the daemon's stats collector does: each answer comes late (it wakes once a second), so
  // one call after another would take that long each.
  fake_docker fake;
  fake.on([](const recorded_request& r, fake_connection& c) {
    std::this_thread::sleep_for(400ms);
    auto id = r.path().substr(std::string("/v1.41/containers/").size());
    id = id.substr(0, id.find('/'));
    if (id == "gone") {
      c.reply_json(404, {{"message", "No such container: gone"}});
    } else {
      c.reply_json(200, {{"id", id}, {"one-shot", r.param("one-shot")}});
    }
  });
  auto docker = client_for(fake);
  std::vector<std::string> ids{"a", "b", "gone", "c", "d", "e"};
  auto started = std::chrono::steady_clock::now();
  auto stats = docker->container_stats_once_all(ids, 5s);
  auto took = std::chrono::steady_clock::now() - started;
  // Six in a row would take 2.4 s.
  EXPECT_LT(took, 1500ms);
  ASSERT_EQ(stats.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == "gone") {
      ASSERT_FALSE(stats[i]);
      EXPECT_TRUE(stats[i].error().not_found());
      EXPECT_EQ(stats[i].error().message, "No such container: gone");
    } else {
      ASSERT_TRUE(stats[i]) << stats[i].error().message;
      EXPECT_EQ((*stats[i])["id"], ids[i]);
      EXPECT_EQ((*stats[i])["one-shot"], "true");
    }
  }
  EXPECT_EQ(fake.api_requests().size(), ids.size());
}

TEST(Containers, StatsWithBothReadsOfManyContainersAreAskedTogether) {
  // Each answer waits until every call has arrived: calls made one after another never get one.
  fake_docker fake;
  std::mutex m;
  std::condition_variable arrived;
  std::size_t count = 0;
  const std::vector<std::string> ids{"a", "b", "c"};
  fake.on([&](const recorded_request& r, fake_connection& c) {
    std::unique_lock lock(m);
    ++count;
    arrived.notify_all();
    if (!arrived.wait_for(lock, 3s, [&] { return count == ids.size(); })) {
      c.reply_json(500, {{"message", "asked one after another"}});
      return;
    }
    auto id = r.path().substr(std::string("/v1.41/containers/").size());
    c.reply_json(200, {{"id", id.substr(0, id.find('/'))},
                       {"stream", r.param("stream")},
                       {"one-shot", r.param("one-shot")}});
  });
  auto docker = client_for(fake);
  auto stats = docker->container_stats_all(ids, 5s);
  ASSERT_EQ(stats.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_TRUE(stats[i]) << stats[i].error().message;
    // Without one-shot: Docker reads twice, so precpu_stats are filled as ECS's agent gives them.
    EXPECT_EQ(*stats[i], json({{"id", ids[i]}, {"stream", "false"}, {"one-shot", ""}}));
  }
}

TEST(Containers, StatsOfManyContainersTimeOutOneByOne) {
  fake_docker fake;
  fake.on([](const recorded_request& r, fake_connection& c) {
    if (r.path().find("/silent/") != std::string::npos) {
      c.wait_for_hangup();
    } else {
      c.reply_json(200, json::object());
    }
  });
  auto docker = client_for(fake);
  auto started = std::chrono::steady_clock::now();
  auto stats = docker->container_stats_once_all({"a", "silent", "b"}, 500ms);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 450ms);
  EXPECT_LT(took, 2s);
  ASSERT_EQ(stats.size(), 3u);
  EXPECT_TRUE(stats[0]);
  ASSERT_FALSE(stats[1]);
  EXPECT_TRUE(stats[1].error().transport());
  EXPECT_NE(stats[1].error().message.find("timed out"), std::string::npos)
      << stats[1].error().message;
  EXPECT_TRUE(stats[2]);
  EXPECT_TRUE(docker->container_stats_once_all({}, 500ms).empty());
}

TEST(Containers, StatsOfManyContainersOverTcp) {
  // A daemon on a loopback port, reached by name: the batch resolves it and connects to it.
  namespace http = boost::beast::http;
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor(
      ioc, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  auto port = acceptor.local_endpoint().port();
  std::thread server([&] {
    // /version, then the three stats calls; a connection that sends no request ends nothing.
    for (int i = 0; i < 4; ++i) {
      boost::asio::ip::tcp::socket socket(ioc);
      boost::system::error_code ec;
      acceptor.accept(socket, ec);
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> req;
      http::read(socket, buffer, req, ec);
      if (ec) {
        continue;
      }
      http::response<http::string_body> res{http::status::ok, 11};
      res.set(http::field::content_type, "application/json");
      std::string target(req.target());
      res.body() =
          target == "/version" ? R"({"ApiVersion":"1.41"})" : json{{"target", target}}.dump();
      res.prepare_payload();
      http::write(socket, res, ec);
    }
  });
  auto docker = make_client("tcp://localhost:" + std::to_string(port));
  ASSERT_TRUE(docker);
  auto stats = (*docker)->container_stats_once_all({"a", "b", "c"}, 5s);
  // Should the client have given up early, empty connections let the server's loop end.
  for (int i = 0; i < 4; ++i) {
    boost::asio::ip::tcp::socket poke(ioc);
    boost::system::error_code ec;
    poke.connect(acceptor.local_endpoint(), ec);
  }
  server.join();
  ASSERT_EQ(stats.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    ASSERT_TRUE(stats[i]) << stats[i].error().message;
    EXPECT_EQ((*stats[i])["target"], "/v1.41/containers/" +
                                         std::string(1, static_cast<char>('a' + i)) +
                                         "/stats?stream=false&one-shot=true");
  }
}

TEST(Images, InspectDistinguishesAbsentFromPresent) {
  fake_docker fake;
  fake.on([](const recorded_request& r, fake_connection& c) {
    if (r.path() == "/v1.41/images/minecs-test/busybox:latest/json") {
      c.reply_json(200, {{"Id", "sha256:1"}, {"RepoDigests", json::array()}});
    } else if (r.path() == "/v1.41/images/broken/json") {
      c.reply_json(500, {{"message", "boom"}});
    } else {
      c.reply_json(404, {{"message", "No such image"}});
    }
  });
  auto docker = client_for(fake);
  auto present = docker->inspect_image("minecs-test/busybox:latest", 2s);
  ASSERT_TRUE(present);
  ASSERT_TRUE(present->has_value());
  EXPECT_EQ((**present)["Id"], "sha256:1");
  auto absent = docker->inspect_image("nothing:here", 2s);
  ASSERT_TRUE(absent);
  EXPECT_FALSE(absent->has_value());
  auto broken = docker->inspect_image("broken", 2s);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().http_status, 500);
}

TEST(Images, ImportPostsTheTarAndReturnsTheId) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.begin_chunked(200, "application/json");
    c.chunk("{\"status\":\"sha256:");
    c.chunk("abc123\"}\r\n");
    c.end_chunked();
  });
  auto docker = client_for(fake);
  std::string tar(2048, 'x');
  auto id = docker->import_image(tar, "minecs/holder", "v1", {R"(ENTRYPOINT ["/holder"])"}, 2s);
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, "sha256:abc123");
  auto r = fake.api_requests().at(0);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path(), "/v1.41/images/create");
  EXPECT_EQ(r.param("fromSrc"), "-");
  EXPECT_EQ(r.param("repo"), "minecs/holder");
  EXPECT_EQ(r.param("tag"), "v1");
  EXPECT_EQ(r.param("changes"), R"(ENTRYPOINT ["/holder"])");
  EXPECT_EQ(r.content_type, "application/x-tar");
  EXPECT_EQ(r.body, tar);
}

TEST(Images, ImportFileThatDoesNotExistFailsWithoutCallingDocker) {
  fake_docker fake;
  auto docker = client_for(fake);
  auto id = docker->import_image_file("/nonexistent/x.tar", "a", "b", {}, 2s);
  ASSERT_FALSE(id);
  EXPECT_TRUE(fake.api_requests().empty());
}

TEST(Images, PullFailureInsideA200StreamIsAnError) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.begin_chunked(200, "application/json");
    c.chunk("{\"status\":\"Pulling from library/busybox\",\"id\":\"latest\"}\r\n");
    c.chunk(
        "{\"errorDetail\":{\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": dial tcp: "
        "lookup registry-1.docker.io: no such host\"},\"error\":\"Get \\\"https://"
        "registry-1.docker.io/v2/\\\": dial tcp: lookup registry-1.docker.io: no such host\"}\r\n");
    c.end_chunked();
  });
  auto docker = client_for(fake);
  auto pulled = docker->pull_image("busybox", 2s);
  ASSERT_FALSE(pulled);
  EXPECT_EQ(pulled.error().http_status, 500);
  EXPECT_THAT(pulled.error().message, ::testing::HasSubstr("no such host"));
  auto r = fake.api_requests().at(0);
  EXPECT_EQ(r.param("fromImage"), "busybox");
  EXPECT_EQ(r.param("tag"), "latest");
}

TEST(Images, PullSplitsTagsAndDigestsFromRegistryPorts) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.reply(200, "{\"status\":\"Status: Downloaded newer image\"}\n");
  });
  auto docker = client_for(fake);
  ASSERT_TRUE(docker->pull_image("localhost:5000/team/app:1.2", 2s));
  ASSERT_TRUE(docker->pull_image("localhost:5000/team/app", 2s));
  ASSERT_TRUE(docker->pull_image("app@sha256:0123", 2s));
  auto r = fake.api_requests();
  EXPECT_EQ(r[0].param("fromImage"), "localhost:5000/team/app");
  EXPECT_EQ(r[0].param("tag"), "1.2");
  EXPECT_EQ(r[1].param("fromImage"), "localhost:5000/team/app");
  EXPECT_EQ(r[1].param("tag"), "latest");
  EXPECT_EQ(r[2].param("fromImage"), "app");
  EXPECT_EQ(r[2].param("tag"), "sha256:0123");
}

TEST(Images, PullRefusedBeforeTheStreamIsAnError) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.reply_json(404, {{"message", "pull access denied for nothing"}});
  });
  auto docker = client_for(fake);
  auto pulled = docker->pull_image("nothing:1", 2s);
  ASSERT_FALSE(pulled);
  EXPECT_EQ(pulled.error().http_status, 404);
  EXPECT_EQ(pulled.error().message, "pull access denied for nothing");
}

TEST(Networks, CreateConnectInspectListRemove) {
  fake_docker fake;
  fake.on([](const recorded_request& r, fake_connection& c) {
    if (r.path() == "/v1.41/networks/create") {
      c.reply_json(201, {{"Id", "net1"}, {"Warning", ""}});
    } else if (r.method == "GET") {
      c.reply_json(200, r.path() == "/v1.41/networks" ? json::array() : json{{"Id", "net1"}});
    } else {
      c.reply(r.method == "DELETE" ? 204 : 200, "");
    }
  });
  auto docker = client_for(fake);
  auto id = docker->create_network("minecs-default", "bridge", {{"minecs.cluster", "default"}},
                                   "10.224.4.0/22", 2s);
  ASSERT_TRUE(id);
  EXPECT_EQ(*id, "net1");
  ASSERT_TRUE(docker->connect_network("net1", "holder1", {"web", "web.local"}, 2s));
  ASSERT_TRUE(docker->inspect_network("minecs-default", 2s));
  ASSERT_TRUE(docker->list_networks({"minecs.cluster"}, 2s));
  ASSERT_TRUE(docker->remove_network("net1", 2s));
  auto r = fake.api_requests();
  ASSERT_EQ(r.size(), 5u);
  auto created = json::parse(r[0].body);
  EXPECT_EQ(created["Name"], "minecs-default");
  EXPECT_EQ(created["Driver"], "bridge");
  EXPECT_EQ(created["Labels"], json({{"minecs.cluster", "default"}}));
  EXPECT_EQ(created["IPAM"], json({{"Driver", "default"},
                                   {"Config", json::array({{{"Subnet", "10.224.4.0/22"}}})}}));
  EXPECT_EQ(r[1].path(), "/v1.41/networks/net1/connect");
  EXPECT_EQ(
      json::parse(r[1].body),
      json({{"Container", "holder1"}, {"EndpointConfig", {{"Aliases", {"web", "web.local"}}}}}));
  EXPECT_EQ(r[2].path(), "/v1.41/networks/minecs-default");
  EXPECT_EQ(json::parse(r[3].param("filters")), json({{"label", {"minecs.cluster"}}}));
  EXPECT_EQ(r[4].method, "DELETE");
  EXPECT_EQ(r[4].path(), "/v1.41/networks/net1");
}

TEST(Volumes, CreateAndRemove) {
  fake_docker fake;
  fake.on([](const recorded_request& r, fake_connection& c) {
    if (r.method == "POST") {
      c.reply_json(201, {{"Name", "task-vol"}, {"Mountpoint", "/var/lib/docker/volumes/x"}});
    } else {
      c.reply(204, "");
    }
  });
  auto docker = client_for(fake);
  auto v = docker->create_volume("task-vol", {{"minecs.task", "t1"}}, 2s);
  ASSERT_TRUE(v);
  EXPECT_EQ((*v)["Mountpoint"], "/var/lib/docker/volumes/x");
  ASSERT_TRUE(docker->remove_volume("task-vol", true, 2s));
  auto r = fake.api_requests();
  EXPECT_EQ(json::parse(r[0].body)["Labels"], json({{"minecs.task", "t1"}}));
  EXPECT_EQ(r[1].path(), "/v1.41/volumes/task-vol");
  EXPECT_EQ(r[1].param("force"), "true");
}

TEST(Transport, NoDaemonIsATransportError) {
  auto docker = make_client("unix:///nonexistent/minecs/docker.sock");
  ASSERT_TRUE(docker);
  auto r = (*docker)->inspect_container("abc", 2s);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().transport());
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("/nonexistent/minecs/docker.sock"));
}

TEST(Transport, SilentDaemonTimesOutPromptly) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) { c.wait_for_hangup(); });
  auto docker = client_for(fake);
  auto start = std::chrono::steady_clock::now();
  auto r = docker->inspect_container("abc", 300ms);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().transport());
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("timed out"));
  EXPECT_LT(took, 2s);
}

TEST(Transport, GarbageReplyIsATransportError) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) { c.write("this is not http\r\n\r\n"); });
  auto docker = client_for(fake);
  auto r = docker->inspect_container("abc", 2s);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().transport());
}

TEST(Transport, ConcurrentCallsFromManyThreads) {
  fake_docker fake;
  fake.on([](const recorded_request& r, fake_connection& c) {
    c.reply_json(200, {{"Id", r.path()}});
  });
  auto docker = client_for(fake);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < 10; ++j) {
        auto id = "c" + std::to_string(i) + "-" + std::to_string(j);
        auto r = docker->inspect_container(id, 5s);
        if (r && (*r)["Id"] == "/v1.41/containers/" + id + "/json") {
          ++ok;
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(ok, 80);
}

}  // namespace
}  // namespace minecs::docker
