"""The ELBv2 API (issue 11 part 1) end to end with boto3 and AWS CLI v2: an Application Load
Balancer with a target group, a listener and a rule in a VPC made through EC2, the waiters SDKs
use, paginators, tags, ELBv2's errors as the SDK's exception classes, and an operation minecs does
not implement. No traffic flows through the balancers yet."""
import unittest

import boto3
from botocore.config import Config

from harness import ACCOUNT, REGION, ServerTestCase


class Elbv2ApiTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    def setUp(self):
        super().setUp()
        self.elb = self.server.client("elbv2")
        self.ec2 = self.server.client("ec2")

    def network(self):
        vpc = self.ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
        igw = self.ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        self.ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        subnets = [self.ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.8.{i}.0/24",
                                          AvailabilityZone=f"{REGION}{zone}")["Subnet"]["SubnetId"]
                   for i, zone in ((1, "a"), (2, "b"))]
        return vpc, subnets

    def test_an_alb_with_a_listener_and_a_rule(self):
        vpc, subnets = self.network()
        lb = self.elb.create_load_balancer(Name="web", Subnets=subnets,
                                           Tags=[{"Key": "env", "Value": "dev"}])
        lb = lb["LoadBalancers"][0]
        arn = lb["LoadBalancerArn"]
        self.assertRegex(arn, rf"^arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:"
                              r"loadbalancer/app/web/[0-9a-f]{16}$")
        self.assertRegex(lb["DNSName"], rf"^web-\d+\.{REGION}\.elb\.amazonaws\.com$")
        self.assertEqual(lb["State"]["Code"], "provisioning")
        self.assertEqual(lb["VpcId"], vpc)
        self.elb.get_waiter("load_balancer_available").wait(LoadBalancerArns=[arn])
        tg = self.elb.create_target_group(Name="web", Protocol="HTTP", Port=8080, VpcId=vpc,
                                          TargetType="ip", HealthCheckPath="/health")
        tg_arn = tg["TargetGroups"][0]["TargetGroupArn"]
        self.assertEqual(tg["TargetGroups"][0]["HealthCheckTimeoutSeconds"], 5)
        listener = self.elb.create_listener(
            LoadBalancerArn=arn, Protocol="HTTP", Port=80,
            DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}])
        listener_arn = listener["Listeners"][0]["ListenerArn"]
        rule = self.elb.create_rule(
            ListenerArn=listener_arn, Priority=10,
            Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/api/*"]}}],
            Actions=[{"Type": "fixed-response",
                      "FixedResponseConfig": {"StatusCode": "503", "ContentType": "text/plain",
                                              "MessageBody": "down"}}])
        self.assertEqual(rule["Rules"][0]["Priority"], "10")
        rules = self.elb.describe_rules(ListenerArn=listener_arn)["Rules"]
        self.assertEqual([r["Priority"] for r in rules], ["10", "default"])
        self.elb.register_targets(TargetGroupArn=tg_arn,
                                  Targets=[{"Id": "10.8.1.10"}, {"Id": "10.8.2.10", "Port": 9090}])
        health = self.elb.describe_target_health(TargetGroupArn=tg_arn)
        self.assertEqual([(d["Target"]["Id"], d["Target"]["Port"], d["TargetHealth"]["State"])
                          for d in health["TargetHealthDescriptions"]],
                         [("10.8.1.10", 8080, "initial"), ("10.8.2.10", 9090, "initial")])
        attributes = self.elb.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]
        self.assertIn({"Key": "idle_timeout.timeout_seconds", "Value": "60"}, attributes)
        tags = self.elb.describe_tags(ResourceArns=[arn])["TagDescriptions"]
        self.assertEqual(tags, [{"ResourceArn": arn, "Tags": [{"Key": "env", "Value": "dev"}]}])
        in_use = self.elb.describe_target_groups(LoadBalancerArn=arn)["TargetGroups"]
        self.assertEqual([g["TargetGroupArn"] for g in in_use], [tg_arn])
        with self.assertRaises(self.elb.exceptions.ResourceInUseException):
            self.elb.delete_target_group(TargetGroupArn=tg_arn)
        self.elb.delete_load_balancer(LoadBalancerArn=arn)
        self.elb.get_waiter("load_balancers_deleted").wait(LoadBalancerArns=[arn])
        self.elb.delete_target_group(TargetGroupArn=tg_arn)

    def test_paginators_and_errors(self):
        vpc, _ = self.network()
        for i in range(5):
            self.elb.create_target_group(Name=f"g{i}", Protocol="TCP", Port=80 + i, VpcId=vpc)
        pages = self.elb.get_paginator("describe_target_groups").paginate(
            PaginationConfig={"PageSize": 2})
        names = [g["TargetGroupName"] for page in pages for g in page["TargetGroups"]]
        self.assertEqual(names, ["g0", "g1", "g2", "g3", "g4"])
        with self.assertRaises(self.elb.exceptions.DuplicateTargetGroupNameException):
            self.elb.create_target_group(Name="g0", Protocol="TCP", Port=1, VpcId=vpc)
        with self.assertRaises(self.elb.exceptions.LoadBalancerNotFoundException):
            self.elb.describe_load_balancers(Names=["nope"])
        with self.assertRaises(self.elb.exceptions.TargetGroupNotFoundException):
            self.elb.describe_target_groups(Names=["nope"])
        response = self.assertClientError("UnsupportedOperation", self.elb.describe_trust_stores)
        self.assertIn("DescribeTrustStores", response["Error"]["Message"])
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_cli(self):
        vpc, subnets = self.network()
        made = self.server.aws("elbv2", "create-load-balancer", "--name", "cli",
                               "--type", "network", "--subnets", subnets[0])
        self.assertEqual(made["LoadBalancers"][0]["Type"], "network")
        listed = self.server.aws("elbv2", "describe-load-balancers", "--names", "cli")
        self.assertEqual(listed["LoadBalancers"][0]["State"]["Code"], "active")
        self.assertEqual(listed["LoadBalancers"][0]["CanonicalHostedZoneId"], "Z26RNL4JYFTOTI")
        group = self.server.aws("elbv2", "create-target-group", "--name", "cli",
                                "--protocol", "TCP", "--port", "80", "--vpc-id", vpc)
        self.assertEqual(group["TargetGroups"][0]["HealthCheckProtocol"], "TCP")

    def state(self):
        """Everything the bad requests below could have changed."""
        lbs = self.elb.describe_load_balancers()["LoadBalancers"]
        groups = self.elb.describe_target_groups()["TargetGroups"]
        listeners = [l for lb in lbs for l in self.elb.describe_listeners(
            LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]]
        rules = [r for l in listeners for r in self.elb.describe_rules(
            ListenerArn=l["ListenerArn"])["Rules"]]
        return lbs, groups, listeners, rules

    def test_bad_input_gets_elbv2s_own_errors_and_changes_nothing(self):
        vpc, subnets = self.network()
        lb = self.elb.create_load_balancer(Name="bad", Subnets=subnets)["LoadBalancers"][0]
        lb_arn = lb["LoadBalancerArn"]
        tg_arn = self.elb.create_target_group(
            Name="bad", Protocol="HTTP", Port=8080, VpcId=vpc,
            TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
        forward = [{"Type": "forward", "TargetGroupArn": tg_arn}]
        listener_arn = self.elb.create_listener(
            LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80,
            DefaultActions=forward)["Listeners"][0]["ListenerArn"]
        path = [{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/a/*"]}}]
        self.elb.create_rule(ListenerArn=listener_arn, Priority=10, Conditions=path,
                             Actions=forward)
        before = self.state()
        unchecked = boto3.client(
            "elbv2", endpoint_url=self.server.endpoint, region_name=REGION,
            aws_access_key_id="test", aws_secret_access_key="test",
            config=Config(retries={"max_attempts": 1}, parameter_validation=False))
        prefix = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:"
        missing_group = prefix + "targetgroup/gone/0123456789abcdef"
        missing_listener = prefix + "listener/app/bad/0123456789abcdef/0123456789abcdef"
        cases = [
            # An ARN that is no ARN, or one of another kind, is a ValidationError; a well-formed
            # ARN of nothing is the kind's own not-found.
            ("ValidationError", self.elb.describe_load_balancers,
             dict(LoadBalancerArns=["not-an-arn"])),
            ("ValidationError", self.elb.describe_target_groups,
             dict(TargetGroupArns=[lb_arn])),
            ("ValidationError", self.elb.delete_listener, dict(ListenerArn=tg_arn)),
            ("TargetGroupNotFound", self.elb.describe_target_groups,
             dict(TargetGroupArns=[missing_group])),
            ("TargetGroupNotFound", self.elb.modify_target_group,
             dict(TargetGroupArn=missing_group, HealthCheckPath="/x")),
            ("TargetGroupNotFound", self.elb.create_listener,
             dict(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=81,
                  DefaultActions=[{"Type": "forward", "TargetGroupArn": missing_group}])),
            ("ListenerNotFound", self.elb.describe_listeners,
             dict(ListenerArns=[missing_listener])),
            ("ListenerNotFound", self.elb.delete_listener, dict(ListenerArn=missing_listener)),
            ("ListenerNotFound", self.elb.create_rule,
             dict(ListenerArn=missing_listener, Priority=11, Conditions=path, Actions=forward)),
            # The same name with other settings (the same settings are answered with the
            # resource that exists, as the Create calls are idempotent).
            ("DuplicateLoadBalancerName", self.elb.create_load_balancer,
             dict(Name="bad", Subnets=subnets[:1], Type="network")),
            ("DuplicateTargetGroupName", self.elb.create_target_group,
             dict(Name="bad", Protocol="HTTP", Port=9090, VpcId=vpc, TargetType="ip")),
            ("PriorityInUse", self.elb.create_rule,
             dict(ListenerArn=listener_arn, Priority=10,
                  Conditions=[{"Field": "path-pattern",
                               "PathPatternConfig": {"Values": ["/b/*"]}}],
                  Actions=forward)),
            ("DuplicateListener", self.elb.create_listener,
             dict(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80,
                  DefaultActions=[{"Type": "fixed-response",
                                   "FixedResponseConfig": {"StatusCode": "404"}}])),
            ("ResourceInUse", self.elb.delete_target_group, dict(TargetGroupArn=tg_arn)),
            # Health check values out of their documented ranges.
            ("ValidationError", self.elb.create_target_group,
             dict(Name="hc", Protocol="HTTP", Port=80, VpcId=vpc, HealthCheckIntervalSeconds=301)),
            ("ValidationError", self.elb.create_target_group,
             dict(Name="hc", Protocol="HTTP", Port=80, VpcId=vpc, HealthyThresholdCount=11)),
            ("ValidationError", self.elb.create_target_group,
             dict(Name="hc", Protocol="HTTP", Port=80, VpcId=vpc,
                  HealthCheckIntervalSeconds=5, HealthCheckTimeoutSeconds=10)),
            # Below a minimum, which botocore would refuse before sending.
            ("ValidationError", unchecked.modify_target_group,
             dict(TargetGroupArn=tg_arn, UnhealthyThresholdCount=1)),
            ("ValidationError", unchecked.create_target_group,
             dict(Name="hc", Protocol="HTTP", Port=80, VpcId=vpc, HealthCheckTimeoutSeconds=1)),
            ("ValidationError", self.elb.modify_target_group,
             dict(TargetGroupArn=tg_arn, Matcher={"HttpCode": "700"})),
            # An action type ELBv2 does not have.
            ("ValidationError", self.elb.create_listener,
             dict(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=82,
                  DefaultActions=[{"Type": "teleport", "TargetGroupArn": tg_arn}])),
            ("ValidationError", self.elb.modify_rule,
             dict(RuleArn=self.elb.describe_rules(ListenerArn=listener_arn)["Rules"][0]
                  ["RuleArn"], Actions=[{"Type": "teleport"}])),
        ]
        for code, call, kwargs in cases:
            with self.subTest(code=code, call=call.__name__, **{
                    k: v for k, v in kwargs.items() if isinstance(v, (str, int))}):
                response = self.assertClientError(code, call, **kwargs)
                self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(self.state(), before)
        # The same settings again are no error: the Create calls are idempotent.
        again = self.elb.create_load_balancer(Name="bad", Subnets=subnets)["LoadBalancers"][0]
        self.assertEqual(again["LoadBalancerArn"], lb_arn)
        self.assertEqual(self.elb.create_listener(
            LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80,
            DefaultActions=forward)["Listeners"][0]["ListenerArn"], listener_arn)


if __name__ == "__main__":
    unittest.main()
