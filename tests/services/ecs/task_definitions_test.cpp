// The task definition handlers over an in-memory store: RegisterTaskDefinition's answers,
// DescribeTaskDefinition by family, revision and ARN, tags, DeregisterTaskDefinition and
// DeleteTaskDefinitions, ListTaskDefinitions and ListTaskDefinitionFamilies, and reference parsing.
// What RegisterTaskDefinition refuses is in task_definition_validation_test.cpp.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "task_definitions/reference.hpp"
#include "task_definitions_fixture.hpp"

namespace minecs::ecs {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST_F(TaskDefinitionsTest, SeedExampleRegistersAsEcsAnswers) {
  auto out = register_td(seed());
  const auto& td = out["taskDefinition"];
  EXPECT_EQ(td["taskDefinitionArn"], arn_prefix + "demo-app:1");
  EXPECT_EQ(td["family"], "demo-app");
  EXPECT_EQ(td["revision"], 1);
  EXPECT_EQ(td["status"], "ACTIVE");
  EXPECT_EQ(td["cpu"], "256");
  EXPECT_EQ(td["memory"], "512");
  EXPECT_EQ(td["networkMode"], "awsvpc");
  EXPECT_EQ(td["compatibilities"], json({"EC2", "FARGATE"}));
  EXPECT_EQ(td["requiresCompatibilities"], json({"FARGATE"}));
  EXPECT_EQ(td["registeredAt"], 1700000000.0);
  EXPECT_EQ(td["registeredBy"], "arn:aws:iam::000000000000:root");
  EXPECT_EQ(td["volumes"], json::array());
  EXPECT_EQ(td["placementConstraints"], json::array());
  EXPECT_FALSE(td.contains("tags"));
  EXPECT_FALSE(out.contains("tags"));

  std::vector<std::string> attrs;
  for (const auto& a : td["requiresAttributes"]) {
    attrs.push_back(a["name"]);
  }
  // The set and order real ECS answers with for this definition.
  EXPECT_THAT(attrs, ElementsAre("com.amazonaws.ecs.capability.logging-driver.awslogs",
                                 "ecs.capability.execution-role-awslogs",
                                 "com.amazonaws.ecs.capability.ecr-auth",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.19",
                                 "com.amazonaws.ecs.capability.task-iam-role",
                                 "ecs.capability.execution-role-ecr-pull",
                                 "com.amazonaws.ecs.capability.docker-remote-api.1.18",
                                 "ecs.capability.task-eni"));

  const auto& c = td["containerDefinitions"][0];
  EXPECT_EQ(c["cpu"], 0);
  EXPECT_EQ(c["essential"], true);
  EXPECT_EQ(c["portMappings"],
            json::parse(R"([{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}])"));
  EXPECT_EQ(c["environment"], json::array());
  EXPECT_EQ(c["mountPoints"], json::array());
  EXPECT_EQ(c["volumesFrom"], json::array());
  EXPECT_EQ(c["logConfiguration"]["options"]["awslogs-group"], "/ecs/demo-app");
}

TEST_F(TaskDefinitionsTest, RevisionsCountPerFamily) {
  EXPECT_EQ(register_td(simple("a"))["taskDefinition"]["revision"], 1);
  EXPECT_EQ(register_td(simple("a"))["taskDefinition"]["revision"], 2);
  EXPECT_EQ(register_td(simple("b"))["taskDefinition"]["revision"], 1);
  EXPECT_EQ(register_td(simple("a"))["taskDefinition"]["taskDefinitionArn"], arn_prefix + "a:3");
}

TEST_F(TaskDefinitionsTest, Ec2DefinitionDefaultsAndCompatibilities) {
  auto in = simple("web");
  in["containerDefinitions"][0]["portMappings"] = {{{"containerPort", 80}}};
  in["containerDefinitions"][0]["memoryReservation"] = 64;
  auto td = register_td(in)["taskDefinition"];
  // ECS lists ECS Anywhere beside EC2 for a definition that requires nothing.
  EXPECT_EQ(td["compatibilities"], json({"EXTERNAL", "EC2"}));
  EXPECT_FALSE(td.contains("networkMode"));
  EXPECT_FALSE(td.contains("requiresCompatibilities"));
  // Bridge mode keeps the host port unset: Docker picks one at run time.
  EXPECT_EQ(td["containerDefinitions"][0]["portMappings"],
            json::parse(R"([{"containerPort": 80, "protocol": "tcp"}])"));
  EXPECT_EQ(td["requiresAttributes"],
            json::parse(R"([{"name": "com.amazonaws.ecs.capability.docker-remote-api.1.21"}])"));
}

TEST_F(TaskDefinitionsTest, FargateIsListedOnlyWhenRequired) {
  auto in = simple("vpc");
  in["networkMode"] = "awsvpc";
  in["cpu"] = "1 vCPU";
  in["memory"] = "2 GB";
  // It would fit Fargate, but ECS lists FARGATE only for a definition that asks for it; awsvpc
  // rules out ECS Anywhere.
  auto td = register_td(in)["taskDefinition"];
  EXPECT_EQ(td["compatibilities"], json({"EC2"}));
  EXPECT_EQ(td["cpu"], "1024");
  EXPECT_EQ(td["memory"], "2048");
  in["requiresCompatibilities"] = {"FARGATE"};
  EXPECT_EQ(register_td(in)["taskDefinition"]["compatibilities"], json({"EC2", "FARGATE"}));
  auto ec2 = simple("ec2");
  ec2["requiresCompatibilities"] = {"EC2"};
  ec2["networkMode"] = "host";
  EXPECT_EQ(register_td(ec2)["taskDefinition"]["compatibilities"], json({"EXTERNAL", "EC2"}));
}

TEST_F(TaskDefinitionsTest, EfsVolumesMountTheRootUnlessTold) {
  auto in = simple("efs");
  in["volumes"] = json::parse(R"([
    {"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-1234"}},
    {"name": "logs", "efsVolumeConfiguration": {"fileSystemId": "fs-1234",
                                                "rootDirectory": "/logs"}}])");
  auto volumes = register_td(in)["taskDefinition"]["volumes"];
  EXPECT_EQ(volumes[0]["efsVolumeConfiguration"]["rootDirectory"], "/");
  EXPECT_EQ(volumes[1]["efsVolumeConfiguration"]["rootDirectory"], "/logs");
  auto described = call("DescribeTaskDefinition", {{"taskDefinition", "efs:1"}});
  EXPECT_EQ(described["taskDefinition"]["volumes"][0]["efsVolumeConfiguration"]["rootDirectory"],
            "/");
}

TEST_F(TaskDefinitionsTest, ARevisionThatIsNoNumberIsRefused) {
  register_td(simple("web"));
  for (const char* revision : {"latest", "foo", ""}) {
    auto expected = std::make_pair(std::string("InvalidParameterException"),
                                   "Invalid revision number. Number: " + std::string(revision));
    auto reference = "web:" + std::string(revision);
    EXPECT_EQ(error_of("DescribeTaskDefinition", {{"taskDefinition", reference}}), expected)
        << reference;
    EXPECT_EQ(error_of("DeregisterTaskDefinition", {{"taskDefinition", reference}}), expected)
        << reference;
    EXPECT_EQ(error_of("DescribeTaskDefinition", {{"taskDefinition", arn_prefix + reference}}),
              expected)
        << reference;
  }
  // A number that names no revision is still "unable to describe".
  EXPECT_EQ(error_of("DescribeTaskDefinition", {{"taskDefinition", "web:9"}}).first,
            "ClientException");
}

TEST_F(TaskDefinitionsTest, DeleteAlwaysAnswersFailures) {
  register_td(simple("gone"));
  call("DeregisterTaskDefinition", {{"taskDefinition", "gone:1"}});
  auto out = call("DeleteTaskDefinitions", {{"taskDefinitions", {"gone:1"}}});
  ASSERT_EQ(out["taskDefinitions"].size(), 1u);
  ASSERT_TRUE(out.contains("failures"));
  EXPECT_EQ(out["failures"], json::array());
}

// A task definition ARN of another account or region names another definition.
TEST_F(TaskDefinitionsTest, AnArnOfAnotherAccountOrRegionNamesNothingHere) {
  register_td(simple("web"));
  for (const char* other : {"arn:aws:ecs:eu-west-1:000000000000:task-definition/web:1",
                            "arn:aws:ecs:us-east-1:111111111111:task-definition/web:1"}) {
    EXPECT_EQ(error_of("DescribeTaskDefinition", {{"taskDefinition", other}}).first,
              "ClientException")
        << other;
  }
}

TEST_F(TaskDefinitionsTest, DescribeByFamilyRevisionAndArn) {
  register_td(simple("app"));
  register_td(simple("app"));
  EXPECT_EQ(
      call("DescribeTaskDefinition", {{"taskDefinition", "app"}})["taskDefinition"]["revision"], 2);
  EXPECT_EQ(
      call("DescribeTaskDefinition", {{"taskDefinition", "app:1"}})["taskDefinition"]["revision"],
      1);
  EXPECT_EQ(call("DescribeTaskDefinition",
                 {{"taskDefinition", arn_prefix + "app:2"}})["taskDefinition"]["revision"],
            2);
  // ("app:x" is refused outright: ARevisionThatIsNoNumberIsRefused.)
  for (const char* missing :
       {"nope", "app:3", "app:0", "arn:aws:ecs:eu-west-1:000000000000:task-definition/app:1"}) {
    auto [code, message] = error_of("DescribeTaskDefinition", {{"taskDefinition", missing}});
    EXPECT_EQ(code, "ClientException") << missing;
    EXPECT_EQ(message, "Unable to describe task definition.") << missing;
  }
}

TEST_F(TaskDefinitionsTest, TagsAreStoredOnTheRevision) {
  auto in = simple("tagged");
  in["tags"] = {{{"key", "team"}, {"value", "core"}}};
  auto out = register_td(in);
  EXPECT_EQ(out["tags"], json::parse(R"([{"key": "team", "value": "core"}])"));
  auto plain = call("DescribeTaskDefinition", {{"taskDefinition", "tagged"}});
  EXPECT_FALSE(plain.contains("tags"));
  auto with =
      call("DescribeTaskDefinition", {{"taskDefinition", "tagged:1"}, {"include", {"TAGS"}}});
  EXPECT_EQ(with["tags"], json::parse(R"([{"key": "team", "value": "core"}])"));
  EXPECT_EQ(call("ListTagsForResource", {{"resourceArn", arn_prefix + "tagged:1"}})["tags"],
            with["tags"]);
  register_td(simple("tagged"));
  EXPECT_EQ(call("DescribeTaskDefinition",
                 {{"taskDefinition", "tagged:2"}, {"include", {"TAGS"}}})["tags"],
            json::array());
  EXPECT_EQ(error_of("ListTagsForResource", {{"resourceArn", arn_prefix + "tagged:9"}}).second,
            "Unable to describe task definition.");
}

TEST_F(TaskDefinitionsTest, DeregisterThenDelete) {
  register_td(simple("life"));
  register_td(simple("life"));
  EXPECT_EQ(error_of("DeregisterTaskDefinition", {{"taskDefinition", "life"}}).second,
            "Revision is missing.");

  clock_.advance(60);
  auto td = call("DeregisterTaskDefinition", {{"taskDefinition", "life:2"}})["taskDefinition"];
  EXPECT_EQ(td["status"], "INACTIVE");
  EXPECT_EQ(td["deregisteredAt"], 1700000060.0);
  // Still describable by revision; the family now means revision 1, the latest ACTIVE one.
  EXPECT_EQ(
      call("DescribeTaskDefinition", {{"taskDefinition", "life:2"}})["taskDefinition"]["status"],
      "INACTIVE");
  EXPECT_EQ(
      call("DescribeTaskDefinition", {{"taskDefinition", "life"}})["taskDefinition"]["revision"],
      1);
  EXPECT_EQ(error_of("DeregisterTaskDefinition", {{"taskDefinition", "life:2"}}),
            std::make_pair(std::string("ClientException"),
                           std::string("Unable to describe task definition.")));

  clock_.advance(60);
  auto out = call("DeleteTaskDefinitions",
                  {{"taskDefinitions", {"life:1", arn_prefix + "life:2", "life:7", "life"}}});
  ASSERT_EQ(out["taskDefinitions"].size(), 1u);
  EXPECT_EQ(out["taskDefinitions"][0]["status"], "DELETE_IN_PROGRESS");
  EXPECT_EQ(out["taskDefinitions"][0]["deleteRequestedAt"], 1700000120.0);
  EXPECT_EQ(out["failures"],
            json::array({{{"arn", arn_prefix + "life:1"},
                          {"reason",
                           "The specified task definition is still in ACTIVE status. Please "
                           "deregister the target and try again."}},
                         {{"arn", arn_prefix + "life:7"},
                          {"reason",
                           "The specified task definition does not exist. Specify a valid "
                           "account, family, revision and try again."}},
                         {{"arn", "life"},
                          {"reason",
                           "The specified task definition identifier is invalid. Specify a "
                           "valid name or ARN and try again."}}}));
  EXPECT_EQ(
      call("DescribeTaskDefinition", {{"taskDefinition", "life:2"}})["taskDefinition"]["status"],
      "DELETE_IN_PROGRESS");
  EXPECT_THAT(error_of("DeregisterTaskDefinition", {{"taskDefinition", "life:2"}}).second,
              HasSubstr("in the process of being deleted"));
  // A second delete answers as the first did.
  EXPECT_EQ(call("DeleteTaskDefinitions",
                 {{"taskDefinitions", {"life:2"}}})["taskDefinitions"][0]["deleteRequestedAt"],
            1700000120.0);
  // Revision numbers are never reused.
  EXPECT_EQ(register_td(simple("life"))["taskDefinition"]["revision"], 3);

  EXPECT_EQ(error_of("DeleteTaskDefinitions", {{"taskDefinitions", json::array()}}).first,
            "InvalidParameterException");
  EXPECT_EQ(error_of("DeleteTaskDefinitions",
                     {{"taskDefinitions", std::vector<std::string>(11, "life:1")}})
                .first,
            "InvalidParameterException");
}

TEST_F(TaskDefinitionsTest, ListOrderingFilteringAndPages) {
  for (const char* family : {"beta", "alpha", "alphabet", "beta", "alpha"}) {
    register_td(simple(family));
  }
  call("DeregisterTaskDefinition", {{"taskDefinition", "beta:1"}});

  EXPECT_THAT(list_all(json::object()),
              ElementsAre(arn_prefix + "alpha:1", arn_prefix + "alpha:2", arn_prefix + "alphabet:1",
                          arn_prefix + "beta:2"));
  EXPECT_THAT(list_all({{"sort", "DESC"}}),
              ElementsAre(arn_prefix + "beta:2", arn_prefix + "alphabet:1", arn_prefix + "alpha:2",
                          arn_prefix + "alpha:1"));
  // familyPrefix names a whole family in ListTaskDefinitions.
  EXPECT_THAT(list_all({{"familyPrefix", "alpha"}}),
              ElementsAre(arn_prefix + "alpha:1", arn_prefix + "alpha:2"));
  EXPECT_THAT(list_all({{"status", "INACTIVE"}}), ElementsAre(arn_prefix + "beta:1"));

  // One per page, across pages, in both directions.
  EXPECT_THAT(list_all({{"maxResults", 1}}),
              ElementsAre(arn_prefix + "alpha:1", arn_prefix + "alpha:2", arn_prefix + "alphabet:1",
                          arn_prefix + "beta:2"));
  EXPECT_THAT(list_all({{"maxResults", 3}, {"sort", "DESC"}}),
              ElementsAre(arn_prefix + "beta:2", arn_prefix + "alphabet:1", arn_prefix + "alpha:2",
                          arn_prefix + "alpha:1"));
  auto first = call("ListTaskDefinitions", {{"maxResults", 4}});
  EXPECT_FALSE(first.contains("nextToken"));

  EXPECT_EQ(error_of("ListTaskDefinitions", {{"maxResults", 101}}).first,
            "InvalidParameterException");
  EXPECT_EQ(error_of("ListTaskDefinitions", {{"nextToken", "garbage"}}).first,
            "InvalidParameterException");
}

TEST_F(TaskDefinitionsTest, ListFamilies) {
  for (const char* family : {"web", "worker", "db"}) {
    register_td(simple(family));
  }
  call("DeregisterTaskDefinition", {{"taskDefinition", "db:1"}});
  auto families = [&](json in) {
    std::vector<std::string> out;
    for (int pages = 0; pages < 10; ++pages) {
      auto page = call("ListTaskDefinitionFamilies", in);
      for (const auto& f : page["families"]) {
        out.push_back(f);
      }
      if (!page.contains("nextToken")) {
        break;
      }
      in["nextToken"] = page["nextToken"];
    }
    return out;
  };
  EXPECT_THAT(families(json::object()), ElementsAre("db", "web", "worker"));
  EXPECT_THAT(families({{"status", "ALL"}, {"maxResults", 1}}), ElementsAre("db", "web", "worker"));
  EXPECT_THAT(families({{"status", "ACTIVE"}}), ElementsAre("web", "worker"));
  EXPECT_THAT(families({{"status", "INACTIVE"}}), ElementsAre("db"));
  EXPECT_THAT(families({{"familyPrefix", "w"}}), ElementsAre("web", "worker"));
  // A token from one listing is no good for another.
  auto page = call("ListTaskDefinitions", {{"maxResults", 1}});
  EXPECT_EQ(error_of("ListTaskDefinitionFamilies", {{"nextToken", page["nextToken"]}}).first,
            "InvalidParameterException");
}

TEST_F(TaskDefinitionsTest, ReferenceParsing) {
  scope s{"us-east-1", "000000000000"};
  auto r = parse_task_definition_reference(arn_prefix + "app:12", s);
  EXPECT_TRUE(r.valid);
  EXPECT_EQ(r.family, "app");
  EXPECT_EQ(r.revision, 12);
  r = parse_task_definition_reference("app", s);
  EXPECT_TRUE(r.valid);
  EXPECT_FALSE(r.revision);
  EXPECT_FALSE(parse_task_definition_reference("app:", s).valid);
  EXPECT_FALSE(
      parse_task_definition_reference("arn:aws:ecs:us-east-1:000000000000:cluster/app", s).valid);
}

}  // namespace
}  // namespace minecs::ecs
