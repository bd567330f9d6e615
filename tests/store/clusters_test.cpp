#include "minecs/store/clusters.hpp"

#include <gtest/gtest.h>

namespace minecs::store {
namespace {

cluster_record make(const std::string& region, const std::string& name) {
  cluster_record c;
  c.region = region;
  c.name = name;
  c.arn = "arn:aws:ecs:" + region + ":000000000000:cluster/" + name;
  c.created_at = 1700000000.25;
  return c;
}

class ClustersTest : public ::testing::Test {
 protected:
  database db{":memory:"};

  void save(const cluster_record& c) {
    db.write([&] { save_cluster(db, c); });
  }
  std::optional<cluster_record> find(const std::string& region, const std::string& name) {
    return db.read([&] { return find_cluster(db, region, name); });
  }
  std::vector<std::string> list(const std::string& region, const std::string& after, int limit) {
    return db.read([&] {
      std::vector<std::string> names;
      for (const auto& c : list_clusters(db, region, after, limit)) {
        names.push_back(c.name);
      }
      return names;
    });
  }
};

TEST_F(ClustersTest, RoundTripsEveryField) {
  auto c = make("us-east-1", "prod");
  c.settings = json::array({{{"name", "containerInsights"}, {"value", "enabled"}}});
  c.configuration = {{"executeCommandConfiguration", {{"logging", "DEFAULT"}}}};
  c.capacity_providers = {"FARGATE", "FARGATE_SPOT"};
  c.default_strategy = json::array({{{"capacityProvider", "FARGATE"}, {"weight", 1}}});
  c.service_connect_defaults = {{"namespace", "ns"}};
  save(c);
  auto got = find("us-east-1", "prod");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->arn, c.arn);
  EXPECT_EQ(got->region, "us-east-1");
  EXPECT_EQ(got->name, "prod");
  EXPECT_EQ(got->status, "ACTIVE");
  EXPECT_EQ(got->settings, c.settings);
  EXPECT_EQ(got->configuration, c.configuration);
  EXPECT_EQ(got->capacity_providers, c.capacity_providers);
  EXPECT_EQ(got->default_strategy, c.default_strategy);
  EXPECT_EQ(got->service_connect_defaults, c.service_connect_defaults);
  EXPECT_DOUBLE_EQ(got->created_at, c.created_at);
}

TEST_F(ClustersTest, NullOptionalDocumentsStayNull) {
  save(make("us-east-1", "bare"));
  auto got = find("us-east-1", "bare");
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->configuration.is_null());
  EXPECT_TRUE(got->service_connect_defaults.is_null());
  EXPECT_EQ(got->settings, json::array());
}

TEST_F(ClustersTest, MissingAndOtherRegion) {
  save(make("us-east-1", "prod"));
  EXPECT_FALSE(find("us-east-1", "nope"));
  EXPECT_FALSE(find("eu-west-1", "prod"));
}

TEST_F(ClustersTest, SaveReplacesByArn) {
  auto c = make("us-east-1", "prod");
  save(c);
  c.status = "INACTIVE";
  save(c);
  auto got = find("us-east-1", "prod");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, "INACTIVE");
}

TEST_F(ClustersTest, ListIsActiveOnlyOrderedByArnAndPaged) {
  for (const char* name : {"e", "a", "d", "b", "c"}) {
    save(make("us-east-1", name));
  }
  auto inactive = make("us-east-1", "bb");
  inactive.status = "INACTIVE";
  save(inactive);
  save(make("eu-west-1", "other"));

  EXPECT_EQ(list("us-east-1", "", 100), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(list("us-east-1", "", 2), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(list("us-east-1", make("us-east-1", "b").arn, 2), (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(list("us-east-1", make("us-east-1", "d").arn, 2), (std::vector<std::string>{"e"}));
  EXPECT_TRUE(list("us-east-1", make("us-east-1", "e").arn, 2).empty());
  EXPECT_EQ(list("eu-west-1", "", 100), (std::vector<std::string>{"other"}));
  EXPECT_TRUE(list("ap-south-1", "", 100).empty());
}

}  // namespace
}  // namespace minecs::store
