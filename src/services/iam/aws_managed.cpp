// The AWS managed policies that ECS users attach, under their real names and paths, with
// documents that grant what the real ones grant (condensed where AWS's run to pages). IAM serves
// them read-only in every account as arn:aws:iam::aws:policy/<path><name>.
#include <array>

#include "common.hpp"

namespace minecs::iam {

namespace {

struct builtin {
  const char* name;
  const char* path;
  const char* id;
  const char* description;
  double created;
  const char* version;
  const char* document;
};

// clang-format off
constexpr std::array builtins{
    builtin{"AdministratorAccess", "/", "ANPAIWMBCKSKIEE64ZLYK",
            "Provides full access to AWS services and resources.", 1423247986, "v1",
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*",)"
            R"("Resource":"*"}]})"},
    builtin{"AmazonECSTaskExecutionRolePolicy", "/service-role/", "ANPAJG4T4G4PV56DE72PY",
            "Provides access to other AWS service resources that are required to run Amazon ECS "
            "tasks", 1510776906, "v1",
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[)"
            R"("ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability",)"
            R"("ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","logs:CreateLogStream",)"
            R"("logs:PutLogEvents"],"Resource":"*"}]})"},
    builtin{"AmazonECS_FullAccess", "/", "ANPAJ7S7AN6YQPTJC7IFS",
            "Provides administrative access to Amazon ECS resources and enables ECS features "
            "through access to other AWS service resources.", 1527791442, "v1",
            R"({"Version":"2012-10-17","Statement":[{"Sid":"ECSIntegrationsManagementPolicy",)"
            R"("Effect":"Allow","Action":["application-autoscaling:*","cloudwatch:*",)"
            R"("ec2:Describe*","ecs:*","elasticloadbalancing:*","events:*","logs:*",)"
            R"("route53:*","servicediscovery:*","ssm:GetParameter*","sns:ListTopics"],)"
            R"("Resource":"*"},{"Sid":"PassRoleForECS","Effect":"Allow",)"
            R"("Action":"iam:PassRole","Resource":"*","Condition":{"StringLike":)"
            R"({"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]})"},
    builtin{"AmazonEC2ContainerRegistryReadOnly", "/", "ANPAIFYZPA37OOHVIH7KQ",
            "Provides read-only access to Amazon EC2 Container Registry repositories.",
            1450200000, "v1",
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[)"
            R"("ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability",)"
            R"("ecr:GetDownloadUrlForLayer","ecr:GetRepositoryPolicy","ecr:DescribeRepositories",)"
            R"("ecr:ListImages","ecr:DescribeImages","ecr:BatchGetImage","ecr:GetLifecyclePolicy",)"
            R"("ecr:GetLifecyclePolicyPreview","ecr:ListTagsForResource",)"
            R"("ecr:DescribeImageScanFindings"],"Resource":"*"}]})"},
    builtin{"AmazonEC2ContainerServiceforEC2Role", "/service-role/", "ANPAJLYJCVHC7TQHCSQDS",
            "Default policy for the Amazon EC2 Role for Amazon EC2 Container Service.",
            1426183810, "v1",
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[)"
            R"("ec2:DescribeTags","ecs:CreateCluster","ecs:DeregisterContainerInstance",)"
            R"("ecs:DiscoverPollEndpoint","ecs:Poll","ecs:RegisterContainerInstance",)"
            R"("ecs:StartTelemetrySession","ecs:UpdateContainerInstancesState","ecs:Submit*",)"
            R"("ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability",)"
            R"("ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","logs:CreateLogStream",)"
            R"("logs:PutLogEvents"],"Resource":"*"}]})"},
    builtin{"CloudWatchLogsFullAccess", "/", "ANPAJ3ZGNWK2R5HW5BQFO",
            "Provides full access to CloudWatch Logs", 1423247994, "v1",
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
            R"("Action":["logs:*","cloudwatch:GenerateQuery"],"Resource":"*"}]})"},
    builtin{"AmazonSSMReadOnlyAccess", "/", "ANPAJODSKQGGJTHRYZ5FC",
            "Provides read only access to Amazon SSM.", 1432745838, "v1",
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
            R"("Action":["ssm:Describe*","ssm:Get*","ssm:List*"],"Resource":"*"}]})"},
    builtin{"SecretsManagerReadWrite", "/", "ANPAI3VG7CI5BIQZQ6G2E",
            "Provides read/write access to AWS Secrets Manager via the AWS Management Console.",
            1522107806, "v1",
            R"({"Version":"2012-10-17","Statement":[{"Sid":"BasePermissions","Effect":"Allow",)"
            R"("Action":["secretsmanager:*","cloudformation:CreateChangeSet",)"
            R"("cloudformation:DescribeChangeSet","cloudformation:DescribeStackResource",)"
            R"("cloudformation:DescribeStacks","cloudformation:ExecuteChangeSet",)"
            R"("ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcs",)"
            R"("kms:DescribeKey","kms:ListAliases","kms:ListKeys","lambda:ListFunctions",)"
            R"("rds:DescribeDBClusters","rds:DescribeDBInstances","redshift:DescribeClusters",)"
            R"("tag:GetResources"],"Resource":"*"}]})"},
};
// clang-format on

std::vector<store::iam_policy> make_policies() {
  std::vector<store::iam_policy> out;
  for (const auto& b : builtins) {
    store::iam_policy p;
    p.name = b.name;
    p.path = b.path;
    p.id = b.id;
    p.description = b.description;
    p.created = b.created;
    p.updated = b.created;
    p.default_version = b.version;
    p.versions.push_back({b.version, b.document, b.created});
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

const std::vector<store::iam_policy>& aws_managed_policies() {
  static const auto policies = make_policies();
  return policies;
}

}  // namespace minecs::iam
