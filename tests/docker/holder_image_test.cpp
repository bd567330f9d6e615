#include "minecs/docker/holder_image.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fake_docker.hpp"
#include "temp_dir.hpp"

namespace minecs::docker {
namespace {

using namespace std::chrono_literals;
using testing::fake_connection;
using testing::fake_docker;
using testing::recorded_request;

class HolderImage : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(binary_, std::ios::binary) << "\x7f"
                                                "ELF pretend";
  }
  test_support::temp_dir dir_{"minecs-holder-"};
  std::filesystem::path binary_ = dir_.path() / "holder.bin";
};

TEST_F(HolderImage, ImportsWhenAbsent) {
  fake_docker fake;
  fake.on([](const recorded_request& r, fake_connection& c) {
    if (r.method == "GET") {
      c.reply_json(404, {{"message", "No such image"}});
    } else {
      c.reply(200, "{\"status\":\"sha256:feed\"}\n");
    }
  });
  auto docker = *make_client(fake.docker_host());
  auto r = ensure_holder_image(*docker, binary_.string(), "minecs/holder:1", 2s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, "minecs/holder:1");
  auto reqs = fake.api_requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].path(), "/v1.41/images/minecs/holder:1/json");
  EXPECT_EQ(reqs[1].param("repo"), "minecs/holder");
  EXPECT_EQ(reqs[1].param("tag"), "1");
  EXPECT_EQ(reqs[1].param("changes"), R"(ENTRYPOINT ["/holder"])");
  EXPECT_EQ(reqs[1].body, holder_rootfs_tar("\x7f"
                                            "ELF pretend"));
  EXPECT_EQ(reqs[1].body.substr(0, 7), std::string("holder\0", 7));
}

TEST_F(HolderImage, LeavesAPresentImageAlone) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.reply_json(200, {{"Id", "sha256:1"}});
  });
  auto docker = *make_client(fake.docker_host());
  auto r = ensure_holder_image(*docker, "/does/not/matter", "minecs/holder", 2s);
  ASSERT_TRUE(r);
  EXPECT_EQ(fake.api_requests().size(), 1u);
}

TEST_F(HolderImage, MissingBinaryIsAnError) {
  fake_docker fake;
  fake.on([](const recorded_request&, fake_connection& c) {
    c.reply_json(404, {{"message", "no"}});
  });
  auto docker = *make_client(fake.docker_host());
  auto r = ensure_holder_image(*docker, "/nonexistent/holder", "minecs/holder", 2s);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("/nonexistent/holder"));
}

}  // namespace
}  // namespace minecs::docker
