#include "minecs/model/api_model.hpp"

#include <gtest/gtest.h>

#include "minecs/core/service_error.hpp"

namespace minecs::model {
namespace {

const api_model& ecs() {
  return *api_model::ecs();
}

// Validates and returns the error, or fails the test when the input passes.
service_error rejected(const api_model& m, std::string_view op, const json& input) {
  try {
    m.validate_input(op, input);
  } catch (const service_error& e) {
    return e;
  }
  ADD_FAILURE() << op << " accepted " << input.dump();
  return service_error("none", "none");
}

void expect_rejected(std::string_view op, const json& input, std::string_view code,
                     std::string_view mentions = {}) {
  auto e = rejected(ecs(), op, input);
  EXPECT_EQ(e.code(), code) << e.what();
  EXPECT_EQ(e.http_status(), 400u);
  EXPECT_NE(std::string(e.what()).find(mentions), std::string::npos)
      << "message '" << e.what() << "' does not mention '" << mentions << "'";
}

json task_definition(json container = {{"name", "web"}, {"image", "nginx"}}) {
  return {{"family", "web"}, {"containerDefinitions", json::array({container})}};
}

TEST(EcsModel, Metadata) {
  EXPECT_EQ(ecs().target_prefix(), "AmazonEC2ContainerServiceV20141113");
  EXPECT_EQ(ecs().service_id(), "ECS");
  EXPECT_TRUE(ecs().has_operation("CreateCluster"));
  EXPECT_TRUE(ecs().has_operation("RunTask"));
  EXPECT_FALSE(ecs().has_operation("createCluster"));
  EXPECT_FALSE(ecs().has_operation("CreateBucket"));
}

TEST(EcsModel, EveryOperationAcceptsAMinimalInput) {
  auto names = ecs().operation_names();
  EXPECT_GE(names.size(), 60u);
  for (const auto& name : names) {
    EXPECT_TRUE(ecs().has_operation(name)) << name;
    // An empty input is well-typed for every operation: it may only lack required members.
    try {
      ecs().validate_input(name, json::object());
    } catch (const service_error& e) {
      EXPECT_EQ(e.code(), "InvalidParameterException") << name << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find("Missing required parameter"), std::string::npos)
          << name << ": " << e.what();
    }
  }
}

TEST(EcsModel, UnknownOperation) {
  expect_rejected("CreateBucket", json::object(), "UnknownOperationException", "CreateBucket");
  expect_rejected("", json::object(), "UnknownOperationException");
}

TEST(EcsModel, InputMustBeAnObject) {
  expect_rejected("ListClusters", json::array(), "SerializationException");
  expect_rejected("ListClusters", json("x"), "SerializationException");
}

TEST(EcsModel, ValidInputsPass) {
  EXPECT_NO_THROW(ecs().validate_input("ListClusters", json::object()));
  EXPECT_NO_THROW(ecs().validate_input("ListClusters", {{"maxResults", 5}, {"nextToken", "t"}}));
  EXPECT_NO_THROW(ecs().validate_input(
      "CreateCluster",
      {{"clusterName", "prod"},
       {"tags", {{{"key", "team"}, {"value", "Ünïcode + spaces/ok=@"}}}},
       {"settings", {{{"name", "containerInsights"}, {"value", "enabled"}}}},
       {"capacityProviders", {"FARGATE"}},
       {"defaultCapacityProviderStrategy", {{{"capacityProvider", "FARGATE"}, {"weight", 1}}}}}));
  EXPECT_NO_THROW(ecs().validate_input("RegisterTaskDefinition", task_definition()));
  // Members the model does not know are ignored, as newer SDKs may send them.
  EXPECT_NO_THROW(ecs().validate_input("ListClusters", {{"futureMember", {1, 2, 3}}}));
}

TEST(EcsModel, MissingRequiredMember) {
  expect_rejected("DeleteCluster", json::object(), "InvalidParameterException", "cluster");
  expect_rejected("RegisterTaskDefinition", {{"family", "web"}}, "InvalidParameterException",
                  "containerDefinitions");
}

TEST(EcsModel, MissingRequiredMemberNamesItsPath) {
  json input = {
      {"clusterName", "x"},
      {"defaultCapacityProviderStrategy", {{{"capacityProvider", "FARGATE"}}, {{"weight", 1}}}}};
  expect_rejected("CreateCluster", input, "InvalidParameterException",
                  "defaultCapacityProviderStrategy[1].capacityProvider");
}

TEST(EcsModel, NullMembersAreAbsent) {
  EXPECT_NO_THROW(ecs().validate_input("ListClusters", {{"maxResults", nullptr}}));
  EXPECT_NO_THROW(
      ecs().validate_input("CreateCluster", {{"clusterName", nullptr}, {"tags", nullptr}}));
  expect_rejected("DeleteCluster", {{"cluster", nullptr}}, "InvalidParameterException", "cluster");
}

TEST(EcsModel, WrongTypesAreSerializationErrors) {
  // A string where a list is expected.
  expect_rejected("DescribeClusters", {{"clusters", "prod"}}, "SerializationException", "clusters");
  // A number where a string is expected.
  expect_rejected("CreateCluster", {{"clusterName", 5}}, "SerializationException", "clusterName");
  // An object where a string is expected.
  expect_rejected("CreateCluster", {{"clusterName", {{"a", 1}}}}, "SerializationException",
                  "clusterName");
  // A string where an integer is expected, and a fraction.
  expect_rejected("ListClusters", {{"maxResults", "5"}}, "SerializationException", "maxResults");
  expect_rejected("ListClusters", {{"maxResults", 1.5}}, "SerializationException", "maxResults");
  // A string where a boolean is expected.
  expect_rejected("ListAccountSettings", {{"effectiveSettings", "true"}}, "SerializationException",
                  "effectiveSettings");
  // A list where a structure is expected.
  expect_rejected("CreateCluster", {{"configuration", json::array()}}, "SerializationException",
                  "configuration");
  // A list where a map is expected.
  expect_rejected("RegisterTaskDefinition",
                  task_definition({{"name", "web"}, {"dockerLabels", json::array({"a"})}}),
                  "SerializationException", "containerDefinitions[0].dockerLabels");
}

TEST(EcsModel, EnumNotAllowed) {
  auto input = task_definition();
  input["networkMode"] = "bogus";
  expect_rejected("RegisterTaskDefinition", input, "InvalidParameterException", "networkMode");
  input["networkMode"] = "awsvpc";
  EXPECT_NO_THROW(ecs().validate_input("RegisterTaskDefinition", input));
  expect_rejected("DescribeClusters", {{"include", {"TAGS", "tags"}}}, "InvalidParameterException",
                  "include[1]");
}

TEST(EcsModel, LengthBounds) {
  std::string long_key(129, 'k');
  expect_rejected("CreateCluster", {{"tags", {{{"key", long_key}, {"value", "v"}}}}},
                  "InvalidParameterException", "tags[0].key");
  EXPECT_NO_THROW(ecs().validate_input(
      "CreateCluster", {{"tags", {{{"key", std::string(128, 'k')}, {"value", ""}}}}}));
  expect_rejected("CreateCluster", {{"tags", {{{"key", ""}, {"value", "v"}}}}},
                  "InvalidParameterException", "tags[0].key");
  expect_rejected("CreateCluster", {{"tags", {{{"key", "k"}, {"value", std::string(257, 'v')}}}}},
                  "InvalidParameterException", "tags[0].value");
}

TEST(EcsModel, ListLengthBounds) {
  json tags = json::array();
  for (int i = 0; i < 51; ++i) {
    tags.push_back({{"key", "k" + std::to_string(i)}, {"value", "v"}});
  }
  expect_rejected("TagResource", {{"resourceArn", "a"}, {"tags", tags}},
                  "InvalidParameterException", "tags");
  tags.erase(tags.begin());
  EXPECT_NO_THROW(ecs().validate_input("TagResource", {{"resourceArn", "a"}, {"tags", tags}}));
}

TEST(EcsModel, RangeBounds) {
  auto strategy = [](json item) {
    item["capacityProvider"] = "FARGATE";
    return json{{"defaultCapacityProviderStrategy", json::array({item})}};
  };
  expect_rejected("CreateCluster", strategy({{"weight", 1001}}), "InvalidParameterException",
                  "defaultCapacityProviderStrategy[0].weight");
  expect_rejected("CreateCluster", strategy({{"base", -1}}), "InvalidParameterException",
                  "defaultCapacityProviderStrategy[0].base");
  EXPECT_NO_THROW(ecs().validate_input("CreateCluster", strategy({{"weight", 1000}, {"base", 0}})));
}

TEST(EcsModel, PatternMismatch) {
  expect_rejected("CreateCluster", {{"tags", {{{"key", "bad!key"}, {"value", "v"}}}}},
                  "InvalidParameterException", "tags[0].key");
}

TEST(EcsModel, NestedMembersAreValidatedWithAPath) {
  auto input = task_definition(
      {{"name", "web"}, {"portMappings", {{{"containerPort", 80}}, {{"containerPort", "80"}}}}});
  expect_rejected("RegisterTaskDefinition", input, "SerializationException",
                  "containerDefinitions[0].portMappings[1].containerPort");
  input = task_definition({{"name", "web"}, {"dockerLabels", {{"ok", "1"}, {"bad", 2}}}});
  expect_rejected("RegisterTaskDefinition", input, "SerializationException",
                  "containerDefinitions[0].dockerLabels.bad");
  input = task_definition({{"name", "web"}, {"environment", {{{"name", "A"}, {"value", true}}}}});
  expect_rejected("RegisterTaskDefinition", input, "SerializationException",
                  "containerDefinitions[0].environment[0].value");
}

TEST(EcsModel, NullListItemsAndMapValuesAreSkipped) {
  EXPECT_NO_THROW(ecs().validate_input("DescribeClusters", {{"clusters", {"a", nullptr}}}));
  auto input = task_definition({{"name", "web"}, {"dockerLabels", {{"a", nullptr}}}});
  EXPECT_NO_THROW(ecs().validate_input("RegisterTaskDefinition", input));
}

// A model whose shape refers to itself, as some AWS models have, so input nesting is unbounded.
constexpr std::string_view recursive_model = R"({
  "metadata": {"targetPrefix": "Tiny_1", "serviceId": "Tiny"},
  "operations": {
    "Nest": {"name": "Nest", "input": {"shape": "Node"}},
    "Ping": {"name": "Ping"},
    "Say": {"name": "Say", "input": {"shape": "Words"}}
  },
  "shapes": {
    "Node": {"type": "structure", "members": {"child": {"shape": "Node"}, "n": {"shape": "Count"}}},
    "Count": {"type": "integer", "min": 1, "max": 10},
    "Words": {"type": "structure", "members": {"text": {"shape": "Text"}}},
    "Text": {"type": "string", "pattern": "[a-z ]*"}
  }
})";

json nested(int depth) {
  json root = json::object();
  json* at = &root;
  for (int i = 0; i < depth; ++i) {
    (*at)["child"] = json::object();
    at = &(*at)["child"];
  }
  return root;
}

TEST(TinyModel, DepthLimit) {
  auto m = api_model::parse(recursive_model);
  EXPECT_EQ(m->target_prefix(), "Tiny_1");
  EXPECT_NO_THROW(m->validate_input("Nest", nested(10)));
  auto e = rejected(*m, "Nest", nested(1000));
  EXPECT_EQ(e.code(), "SerializationException");
  EXPECT_NE(std::string(e.what()).find("nested too deeply"), std::string::npos) << e.what();
}

TEST(TinyModel, OperationWithoutInputAcceptsAnyObject) {
  auto m = api_model::parse(recursive_model);
  EXPECT_NO_THROW(m->validate_input("Ping", {{"anything", 1}}));
  EXPECT_EQ(rejected(*m, "Ping", json::array()).code(), "SerializationException");
}

TEST(TinyModel, IntegerRange) {
  auto m = api_model::parse(recursive_model);
  EXPECT_NO_THROW(m->validate_input("Nest", {{"n", 10}}));
  auto e = rejected(*m, "Nest", {{"n", 11}});
  EXPECT_EQ(e.code(), "InvalidParameterException");
  EXPECT_NE(std::string(e.what()).find("at most 10"), std::string::npos) << e.what();
  EXPECT_EQ(rejected(*m, "Nest", {{"child", {{"n", 0}}}}).code(), "InvalidParameterException");
}

TEST(TinyModel, LongStringAgainstAPatternWithoutMaxLength) {
  // Backtracking regex engines recurse per character; a body-sized string must not crash.
  auto m = api_model::parse(recursive_model);
  EXPECT_NO_THROW(m->validate_input("Say", {{"text", "hello world"}}));
  EXPECT_EQ(rejected(*m, "Say", {{"text", "Hello"}}).code(), "InvalidParameterException");
  EXPECT_NO_THROW(m->validate_input("Say", {{"text", std::string(4096, 'a')}}));
  EXPECT_EQ(rejected(*m, "Say", {{"text", std::string(4095, 'a') + "!"}}).code(),
            "InvalidParameterException");
  EXPECT_NO_THROW(m->validate_input("Say", {{"text", std::string(1 << 20, 'a')}}));
}

TEST(LogsModel, Loads) {
  auto logs = api_model::logs();
  EXPECT_EQ(logs->target_prefix(), "Logs_20140328");
  EXPECT_TRUE(logs->has_operation("GetLogEvents"));
  EXPECT_TRUE(logs->has_operation("CreateLogGroup"));
  expect_rejected("CreateLogGroup", json::object(), "UnknownOperationException");
  auto e = rejected(*logs, "CreateLogGroup", json::object());
  EXPECT_EQ(e.code(), "InvalidParameterException");
  EXPECT_NE(std::string(e.what()).find("logGroupName"), std::string::npos) << e.what();
}

}  // namespace
}  // namespace minecs::model
