"""Terraform's AWS provider builds a whole ECS stack on one endpoint: a VPC with two subnets, a
security group with an ingress rule, an internet gateway and a route table associated with a
subnet, an elastic IP and a NAT gateway that the other subnet's route table routes through, the
VPC endpoints a private ECS subnet needs (S3 as a gateway in that route table; ECR and CloudWatch
Logs as interface endpoints in both subnets with a group of their own), the IAM roles a task
definition names (trust policies, an inline policy, a customer policy that names the account the
provider asked STS for, attachments of it and of AWS's task execution policy), a cluster, a
Fargate task definition and a service in those subnets; and load balancing: an ALB with an ip
target group, an HTTP listener and a path rule, an NLB with a TCP group and listener, and a
second service behind the ALB's group. It applies (waiting for the first service's steady state),
its tasks really run in the subnets with their interfaces in EC2, the load-balanced task is
registered in its group, a second plan has no changes, and destroy removes everything. One stack,
because each terraform run costs most of a minute on two cores (and the provider waits 30 s
before it first asks whether a new balancer is active). Skips without terraform or its provider
(terraform_harness.py). The stack also holds an ECR repository (IMMUTABLE, scan on
push) with a lifecycle policy, and an SSM SecureString parameter and a Secrets Manager secret
(with a JSON version) that the web task's container reads in its `secrets`.
The stack also holds a Cloud Map private DNS namespace and service, in which the first service
registers its tasks (service_registries); the load-balanced service uses the namespace for Service
Connect (a client alias whose port is not the container's), and the Cloud Map service ECS made for
it goes with the ECS service, so that the namespace is destroyed without an error."""
import ipaddress
import json
import unittest

from docker_env import TEST_IMAGE, docker
from harness import ACCOUNT, REGION, wait_for
from task_harness import DockerTaskTestCase
from terraform_harness import TerraformMixin

CONFIG = """
resource "aws_vpc" "app" {
  cidr_block           = "10.21.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = "tf-ecs" }
}
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.21.1.0/24"
  availability_zone = "%(region)sa"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.21.2.0/24"
  availability_zone = "%(region)sb"
}
resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.app.id
}
resource "aws_vpc_security_group_ingress_rule" "http" {
  security_group_id = aws_security_group.web.id
  cidr_ipv4         = "10.21.0.0/16"
  from_port         = 8080
  to_port           = 8080
  ip_protocol       = "tcp"
}
resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.app.id
}
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.app.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.public.id
}
resource "aws_eip" "nat" {
  domain = "vpc"
}
resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.a.id
  depends_on    = [aws_internet_gateway.gw]
}
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.app.id
}
resource "aws_route" "private_nat" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.nat.id
}
resource "aws_route_table_association" "b" {
  subnet_id      = aws_subnet.b.id
  route_table_id = aws_route_table.private.id
}
resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.app.id
}
data "aws_vpc_endpoint_service" "s3" {
  service      = "s3"
  service_type = "Gateway"
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.app.id
  service_name      = data.aws_vpc_endpoint_service.s3.service_name
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}
resource "aws_vpc_endpoint" "interface" {
  for_each            = toset(["ecr.api", "ecr.dkr", "logs"])
  vpc_id              = aws_vpc.app.id
  service_name        = "com.amazonaws.%(region)s.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.a.id, aws_subnet.b.id]
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
}
data "aws_caller_identity" "me" {}
resource "aws_iam_role" "execution" {
  name = "tf-execution"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                   Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
}
resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}
resource "aws_iam_role" "task" {
  name        = "tf-task"
  path        = "/app/"
  description = "the web task's role"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                   Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
  tags = { team = "web" }
}
resource "aws_iam_role_policy" "task_logs" {
  name = "logs"
  role = aws_iam_role.task.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["logs:CreateLogStream", "logs:PutLogEvents"],
                   Resource = "*" }]
  })
}
resource "aws_iam_policy" "params" {
  name        = "tf-params"
  description = "reads the app's parameters"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ssm:GetParameters",
      Resource = "arn:aws:ssm:%(region)s:${data.aws_caller_identity.me.account_id}:parameter/app/*" }]
  })
}
resource "aws_iam_role_policy_attachment" "task_params" {
  role       = aws_iam_role.task.name
  policy_arn = aws_iam_policy.params.arn
}
resource "aws_ecs_cluster" "main" {
  name = "tf-ecs"
}
resource "aws_ecr_repository" "app" {
  name                 = "tf-ecs/app"
  image_tag_mutability = "IMMUTABLE"
  force_delete         = true
  image_scanning_configuration {
    scan_on_push = true
  }
  tags = { Name = "tf-ecs" }
}
resource "aws_ecr_lifecycle_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({ rules = [{
    rulePriority = 1
    description  = "keep the last ten"
    selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 10 }
    action       = { type = "expire" }
  }] })
}
resource "aws_ecs_task_definition" "web" {
  family                   = "tf-web"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions = jsonencode([{
    name         = "app"
    image        = "%(image)s"
    essential    = true
    command = ["sh", "-c",
      "trap 'exit 0' TERM; mkdir -p /www && echo ok >/www/health && httpd -f -p 8080 -h /www & wait"]
    portMappings = [{ containerPort = 8080, protocol = "tcp", name = "http" }]
    secrets = [
      { name = "DB_PASSWORD", valueFrom = aws_ssm_parameter.db_password.arn },
      { name = "API_KEY", valueFrom = "${aws_secretsmanager_secret.api.arn}:key::" },
    ]
  }])
  depends_on = [aws_secretsmanager_secret_version.api]
}
resource "aws_ecs_service" "web" {
  name                  = "web"
  cluster               = aws_ecs_cluster.main.id
  task_definition       = aws_ecs_task_definition.web.arn
  desired_count         = 2
  launch_type           = "FARGATE"
  wait_for_steady_state = true
  network_configuration {
    subnets         = [aws_subnet.a.id, aws_subnet.b.id]
    security_groups = [aws_security_group.web.id]
  }
  service_registries {
    registry_arn = aws_service_discovery_service.web.arn
  }
}
"""


# Secrets the web task reads at its start (its container's `secrets`): a SecureString parameter
# and a Secrets Manager secret holding JSON, with its version.
SECRETS_CONFIG = """
resource "aws_ssm_parameter" "db_password" {
  name        = "/tf-ecs/db/password"
  description = "the database password"
  type        = "SecureString"
  value       = "tf-db-s3cr3t"
  tags        = { app = "tf-ecs" }
}
resource "aws_secretsmanager_secret" "api" {
  name                    = "tf-ecs/api"
  description             = "the API's key"
  recovery_window_in_days = 0
  tags                    = { app = "tf-ecs" }
}
resource "aws_secretsmanager_secret_version" "api" {
  secret_id     = aws_secretsmanager_secret.api.id
  secret_string = jsonencode({ key = "tf-api-key" })
}
"""


# Service discovery: a private DNS namespace in the stack's VPC and a Cloud Map service with A
# records and custom health, in which the first service registers its tasks.
SD_CONFIG = """
resource "aws_service_discovery_private_dns_namespace" "app" {
  name = "tf.local"
  vpc  = aws_vpc.app.id
}
resource "aws_service_discovery_service" "web" {
  name = "web"
  dns_config {
    namespace_id   = aws_service_discovery_private_dns_namespace.app.id
    routing_policy = "MULTIVALUE"
    dns_records {
      ttl  = 10
      type = "A"
    }
  }
  health_check_custom_config {
    failure_threshold = 1
  }
}
"""

# Load balancing: an ALB in the stack's subnets and group, with an ip target group, an HTTP
# listener and a path rule; an NLB with a TCP group and listener; a second service that names the
# ALB's group (after the listener, as ECS wants the group attached to a balancer).
LB_CONFIG = """
resource "aws_lb" "web" {
  name               = "tf-web"
  load_balancer_type = "application"
  subnets            = [aws_subnet.a.id, aws_subnet.b.id]
  security_groups    = [aws_security_group.web.id]
}
resource "aws_lb_target_group" "web" {
  name                 = "tf-web"
  port                 = 8080
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = aws_vpc.app.id
  deregistration_delay = 5
  health_check {
    path                = "/health"
    matcher             = "200-299"
    interval            = 10
    timeout             = 4
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
resource "aws_lb_listener_rule" "api" {
  listener_arn = aws_lb_listener.http.arn
  priority     = 10
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
  condition {
    path_pattern {
      values = ["/api/*"]
    }
  }
}
resource "aws_lb" "tcp" {
  name               = "tf-tcp"
  load_balancer_type = "network"
  subnets            = [aws_subnet.a.id, aws_subnet.b.id]
}
resource "aws_lb_target_group" "tcp" {
  name        = "tf-tcp"
  port        = 8080
  protocol    = "TCP"
  target_type = "ip"
  vpc_id      = aws_vpc.app.id
}
resource "aws_lb_listener" "tcp" {
  load_balancer_arn = aws_lb.tcp.arn
  port              = 80
  protocol          = "TCP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.tcp.arn
  }
}
resource "aws_ecs_service" "lb" {
  name                  = "web-lb"
  cluster               = aws_ecs_cluster.main.id
  task_definition       = aws_ecs_task_definition.web.arn
  desired_count         = 1
  launch_type           = "FARGATE"
  wait_for_steady_state = %(lb_service_waits)s
  network_configuration {
    subnets         = [aws_subnet.a.id, aws_subnet.b.id]
    security_groups = [aws_security_group.web.id]
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "app"
    container_port   = 8080
  }
  service_connect_configuration {
    enabled   = true
    namespace = aws_service_discovery_private_dns_namespace.app.arn
    service {
      port_name      = "http"
      discovery_name = "web-lb"
      client_alias {
        dns_name = "web-lb.internal"
        port     = 80
      }
    }
  }
  depends_on = [aws_lb_listener.http]
}
"""

# Application Auto Scaling on the web service: its scalable target, a CPU target tracking policy
# (whose alarms need 15 minutes of low CPU before they scale in, so nothing moves during the test)
# and a scheduled action in a time zone (on weekday evenings of 2099, so that it never runs here).
AUTOSCALING_CONFIG = """
resource "aws_appautoscaling_target" "web" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.web.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 2
  max_capacity       = 4
}

resource "aws_appautoscaling_policy" "web_cpu" {
  name               = "web-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.web.service_namespace
  resource_id        = aws_appautoscaling_target.web.resource_id
  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value       = 75
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_scheduled_action" "web_evening" {
  name               = "web-evening"
  service_namespace  = aws_appautoscaling_target.web.service_namespace
  resource_id        = aws_appautoscaling_target.web.resource_id
  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension
  schedule           = "cron(0 22 ? * MON-FRI 2099)"
  timezone           = "Europe/Paris"
  scalable_target_action {
    min_capacity = 2
    max_capacity = 3
  }
}
"""

# The load-balanced service reaches steady state once the balancer's health checks find its target
# healthy (the task serves /health): Terraform waits for it, and the test then expects the target
# healthy and the task counted running.
LB_SERVICE_WAITS_FOR_STEADY_STATE = True


class TerraformStackTest(TerraformMixin, DockerTaskTestCase):
    def setUp(self):
        super().setUp()
        self.setUp_terraform(
            CONFIG + SECRETS_CONFIG + SD_CONFIG + LB_CONFIG + AUTOSCALING_CONFIG, image=TEST_IMAGE,
            lb_service_waits=str(LB_SERVICE_WAITS_FOR_STEADY_STATE).lower())

    def tearDown(self):
        # Whatever a failed destroy left is stopped.
        if self.ecs.describe_clusters(clusters=["tf-ecs"])["clusters"][:1] != []:
            if self.ecs.describe_clusters(clusters=["tf-ecs"])["clusters"][0]["status"] == "ACTIVE":
                self.clusters.append("tf-ecs")
        super().tearDown()

    def check_autoscaling(self):
        scaling = self.server.client("application-autoscaling")
        [target] = scaling.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
        self.assertEqual((target["ResourceId"], target["MinCapacity"], target["MaxCapacity"]),
                         ("service/tf-ecs/web", 2, 4))
        [policy] = scaling.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"]
        self.assertEqual(policy["TargetTrackingScalingPolicyConfiguration"]["TargetValue"], 75)
        [action] = scaling.describe_scheduled_actions(ServiceNamespace="ecs")["ScheduledActions"]
        self.assertEqual((action["Schedule"], action["Timezone"]),
                         ("cron(0 22 ? * MON-FRI 2099)", "Europe/Paris"))

    def test_a_fargate_service_in_its_own_vpc_applies_replans_clean_and_destroys(self):
        self.tf("init")
        applied = self.tf("apply", "-auto-approve")
        self.assertIn("Resources: 45 added, 0 changed, 0 destroyed.", applied.stdout)
        self.check_iam()
        self.check_secrets()
        self.check_autoscaling()
        ecr = self.server.client("ecr")
        repo = ecr.describe_repositories(repositoryNames=["tf-ecs/app"])["repositories"][0]
        self.assertEqual((repo["imageTagMutability"], repo["imageScanningConfiguration"]),
                         ("IMMUTABLE", {"scanOnPush": True}))
        policy = ecr.get_lifecycle_policy(repositoryName="tf-ecs/app")["lifecyclePolicyText"]
        self.assertEqual(json.loads(policy)["rules"][0]["selection"]["countNumber"], 10)
        ec2 = self.server.client("ec2")
        vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["tf-ecs"]}])["Vpcs"][0]
        subnets = {s["SubnetId"]: ipaddress.ip_network(s["CidrBlock"]) for s in
                   ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])
                   ["Subnets"]}
        tables = ec2.describe_route_tables(
            Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["RouteTables"]
        routes = [r for t in tables for r in t["Routes"]
                  if r.get("GatewayId", "").startswith("igw-")]
        self.assertEqual([r["DestinationCidrBlock"] for r in routes], ["0.0.0.0/0"])
        nats = ec2.describe_nat_gateways(
            Filter=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["NatGateways"]
        self.assertEqual([n["State"] for n in nats], ["available"])
        nat_routes = [r for t in tables for r in t["Routes"] if "NatGatewayId" in r]
        self.assertEqual([(r["DestinationCidrBlock"], r["NatGatewayId"]) for r in nat_routes],
                         [("0.0.0.0/0", nats[0]["NatGatewayId"])])
        endpoints = ec2.describe_vpc_endpoints(
            Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["VpcEndpoints"]
        self.assertEqual(sorted((e["VpcEndpointType"], e["ServiceName"].split(".", 3)[-1])
                                for e in endpoints),
                         [("Gateway", "s3"), ("Interface", "ecr.api"), ("Interface", "ecr.dkr"),
                          ("Interface", "logs")])
        gateway = [e for e in endpoints if e["VpcEndpointType"] == "Gateway"][0]
        self.assertIn(gateway["VpcEndpointId"],
                      [r["GatewayId"] for t in tables for r in t["Routes"] if "GatewayId" in r])
        service = self.ecs.describe_services(cluster="tf-ecs", services=["web"])["services"][0]
        self.assertEqual(service["runningCount"], 2)
        arns = self.ecs.list_tasks(cluster="tf-ecs", serviceName="web")["taskArns"]
        self.launched += arns
        tasks = self.ecs.describe_tasks(cluster="tf-ecs", tasks=arns)["tasks"]
        enis = set()
        for t in tasks:
            details = {d["name"]: d["value"] for d in t["attachments"][0]["details"]}
            self.assertIn(ipaddress.ip_address(details["privateIPv4Address"]),
                          subnets[details["subnetId"]])
            enis.add(details["networkInterfaceId"])
        self.check_load_balancing(ec2, vpc["VpcId"], set(subnets))
        self.check_service_discovery(tasks)
        interfaces = ec2.describe_network_interfaces(
            Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["NetworkInterfaces"]
        self.assertEqual({i["NetworkInterfaceId"] for i in interfaces}, enis | self.lb_enis)

        self.assert_plan_has_no_changes()

        self.tf("destroy", "-auto-approve")
        self.assertEqual(self.server.client("application-autoscaling").describe_scalable_targets(
            ServiceNamespace="ecs")["ScalableTargets"], [])
        self.assertEqual(ec2.describe_addresses()["Addresses"], [])
        self.assertEqual(self.server.client("servicediscovery").list_namespaces()["Namespaces"], [])
        self.assertEqual(ecr.describe_repositories()["repositories"], [])
        self.assertEqual(ec2.describe_vpc_endpoints(
            Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["VpcEndpoints"], [])
        self.assertEqual(ec2.describe_vpcs(
            Filters=[{"Name": "tag:Name", "Values": ["tf-ecs"]}])["Vpcs"], [])
        self.assertEqual(self.ecs.describe_clusters(clusters=["tf-ecs"])["clusters"][0]["status"],
                         "INACTIVE")
        iam = self.server.client("iam")
        self.assertEqual(iam.list_roles()["Roles"], [])
        self.assertEqual(iam.list_policies(Scope="Local")["Policies"], [])
        self.assertEqual(self.server.client("ssm").describe_parameters()["Parameters"], [])
        self.assertEqual(self.server.client("secretsmanager").list_secrets()["SecretList"], [])
        with self.assertRaises(self.elb.exceptions.LoadBalancerNotFoundException):
            self.elb.describe_load_balancers(Names=["tf-web"])
        self.assertEqual(self.elb.describe_target_groups()["TargetGroups"], [])

    def check_service_discovery(self, tasks):
        """The service's tasks are the Cloud Map service's instances, by task id and address."""
        sd = self.server.client("servicediscovery")
        namespace = sd.list_namespaces()["Namespaces"][0]
        self.assertEqual((namespace["Name"], namespace["Type"]), ("tf.local", "DNS_PRIVATE"))
        services = {s["Name"]: s for s in sd.list_services()["Services"]}
        instances = sd.list_instances(ServiceId=services["web"]["Id"])["Instances"]
        self.assertEqual(
            sorted((i["Id"], i["Attributes"]["AWS_INSTANCE_IPV4"]) for i in instances),
            sorted((t["taskArn"].split("/")[-1],
                    t["containers"][0]["networkInterfaces"][0]["privateIpv4Address"])
                   for t in tasks))
        # Service Connect: the load-balanced service's deployment reports what Terraform reads
        # back, and its task is an instance of the Cloud Map service ECS made for it.
        lb = self.ecs.describe_services(cluster="tf-ecs", services=["web-lb"])["services"][0]
        [resource] = lb["deployments"][0]["serviceConnectResources"]
        self.assertEqual((resource["discoveryName"], resource["discoveryArn"]),
                         ("web-lb", services["web-lb"]["Arn"]))
        self.assertEqual(lb["deployments"][0]["serviceConnectConfiguration"]["services"][0]
                         ["clientAliases"], [{"dnsName": "web-lb.internal", "port": 80}])
        self.assertEqual(len(sd.list_instances(
            ServiceId=services["web-lb"]["Id"])["Instances"]), 1)

    def check_iam(self):
        """The roles, their inline and attached policies and the customer policy, which names
        the account the provider learnt from STS; the task definition names the roles."""
        iam = self.server.client("iam")
        task = iam.get_role(RoleName="tf-task")["Role"]
        self.assertEqual((task["Path"], task["Description"], task["Tags"]),
                         ("/app/", "the web task's role", [{"Key": "team", "Value": "web"}]))
        self.assertEqual(task["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
                         {"Service": "ecs-tasks.amazonaws.com"})
        self.assertEqual(iam.list_role_policies(RoleName="tf-task")["PolicyNames"], ["logs"])
        attached = iam.list_attached_role_policies(RoleName="tf-task")["AttachedPolicies"]
        self.assertEqual([a["PolicyName"] for a in attached], ["tf-params"])
        version = iam.get_policy_version(PolicyArn=attached[0]["PolicyArn"],
                                         VersionId="v1")["PolicyVersion"]
        self.assertEqual(version["Document"]["Statement"][0]["Resource"],
                         f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/app/*")
        execution = iam.list_attached_role_policies(RoleName="tf-execution")["AttachedPolicies"]
        self.assertEqual([a["PolicyName"] for a in execution], ["AmazonECSTaskExecutionRolePolicy"])
        definition = self.ecs.describe_task_definition(taskDefinition="tf-web")["taskDefinition"]
        self.assertEqual((definition["taskRoleArn"], definition["executionRoleArn"]),
                         (task["Arn"], f"arn:aws:iam::{ACCOUNT}:role/tf-execution"))

    def check_secrets(self):
        """The parameter and the secret as Terraform wrote them, and their values in the
        environment of the web service's containers."""
        parameter = self.server.client("ssm").get_parameter(
            Name="/tf-ecs/db/password", WithDecryption=True)["Parameter"]
        self.assertEqual((parameter["Type"], parameter["Value"]), ("SecureString", "tf-db-s3cr3t"))
        secret = self.server.client("secretsmanager").describe_secret(SecretId="tf-ecs/api")
        self.assertEqual((secret["Description"], secret["Tags"]),
                         ("the API's key", [{"Key": "app", "Value": "tf-ecs"}]))
        arns = self.ecs.list_tasks(cluster="tf-ecs", serviceName="web")["taskArns"]
        for t in self.ecs.describe_tasks(cluster="tf-ecs", tasks=arns)["tasks"]:
            env = json.loads(docker("inspect", "--format", "{{json .Config.Env}}",
                                    t["containers"][0]["runtimeId"]))
            self.assertIn("DB_PASSWORD=tf-db-s3cr3t", env)
            self.assertIn("API_KEY=tf-api-key", env)

    def check_load_balancing(self, ec2, vpc_id, subnets):
        """The balancers, groups, listeners and rule as Terraform asked for them, and the
        load-balanced service's task registered in its group."""
        self.elb = self.server.client("elbv2")
        group_id = ec2.describe_security_groups(Filters=[
            {"Name": "vpc-id", "Values": [vpc_id]},
            {"Name": "group-name", "Values": ["web"]}])["SecurityGroups"][0]["GroupId"]
        lbs = {lb["LoadBalancerName"]: lb for lb in self.elb.describe_load_balancers(
            Names=["tf-web", "tf-tcp"])["LoadBalancers"]}
        alb, nlb = lbs["tf-web"], lbs["tf-tcp"]
        self.assertEqual((alb["Type"], alb["State"]["Code"], alb["SecurityGroups"]),
                         ("application", "active", [group_id]))
        self.assertEqual({z["SubnetId"] for z in alb["AvailabilityZones"]}, subnets)
        self.assertEqual((nlb["Type"], nlb["VpcId"]), ("network", vpc_id))
        group = self.elb.describe_target_groups(Names=["tf-web"])["TargetGroups"][0]
        self.assertEqual((group["TargetType"], group["Protocol"], group["HealthCheckPath"],
                          group["HealthCheckIntervalSeconds"], group["Matcher"]["HttpCode"],
                          group["LoadBalancerArns"]),
                         ("ip", "HTTP", "/health", 10, "200-299", [alb["LoadBalancerArn"]]))
        attributes = self.elb.describe_target_group_attributes(
            TargetGroupArn=group["TargetGroupArn"])["Attributes"]
        self.assertIn({"Key": "deregistration_delay.timeout_seconds", "Value": "5"}, attributes)
        tcp = self.elb.describe_target_groups(Names=["tf-tcp"])["TargetGroups"][0]
        self.assertEqual(tcp["LoadBalancerArns"], [nlb["LoadBalancerArn"]])
        listener = self.elb.describe_listeners(
            LoadBalancerArn=alb["LoadBalancerArn"])["Listeners"][0]
        self.assertEqual((listener["Protocol"], listener["Port"]), ("HTTP", 80))
        rules = self.elb.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]
        self.assertEqual([(r["Priority"], [c["Field"] for c in r["Conditions"]]) for r in rules],
                         [("10", ["path-pattern"]), ("default", [])])
        service = self.ecs.describe_services(cluster="tf-ecs", services=["web-lb"])["services"][0]
        self.assertEqual([b["targetGroupArn"] for b in service["loadBalancers"]],
                         [group["TargetGroupArn"]])
        # The scheduler registers the task once it runs; its target is healthy only once the
        # data plane checks it.
        arns = wait_for(lambda: self.ecs.list_tasks(cluster="tf-ecs",
                                                    serviceName="web-lb")["taskArns"],
                        timeout=60, message="the load-balanced service's task")
        self.launched += arns
        health = wait_for(lambda: self.elb.describe_target_health(
            TargetGroupArn=group["TargetGroupArn"])["TargetHealthDescriptions"],
            timeout=60, message="its target")
        task = self.ecs.describe_tasks(cluster="tf-ecs", tasks=arns)["tasks"][0]
        details = {d["name"]: d["value"] for d in task["attachments"][0]["details"]}
        self.assertEqual([(h["Target"]["Id"], h["Target"]["Port"]) for h in health],
                         [(details["privateIPv4Address"], 8080)])
        self.lb_enis = {details["networkInterfaceId"]}
        if LB_SERVICE_WAITS_FOR_STEADY_STATE:
            self.assertEqual(self.ecs.describe_services(
                cluster="tf-ecs", services=["web-lb"])["services"][0]["runningCount"], 1)
            # Steady state counts RUNNING tasks, as on ECS; the health checks may still be
            # deciding (two checks 10 s apart).
            wait_for(lambda: [h["TargetHealth"]["State"] for h in
                              self.elb.describe_target_health(TargetGroupArn=group[
                                  "TargetGroupArn"])["TargetHealthDescriptions"]] == ["healthy"],
                     timeout=60, interval=1, message="the load-balanced task's target healthy")


if __name__ == "__main__":
    unittest.main()
