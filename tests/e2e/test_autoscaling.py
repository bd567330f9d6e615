"""Application Auto Scaling on ECS services, with boto3 and a real Docker Engine: the API and its
bad input; a CPU-burning task that drives a target-tracking policy to scale the service out and back
in; a scheduled action that raises the minimum capacity at its time.

The server measures with a one-second metric window, and target tracking's alarms fire after one
datapoint above the target (AlarmHigh) or two below 90 % of it (AlarmLow), so that the scaling test
takes seconds instead of the minutes AWS's alarms take.
"""
import datetime
import time
import unittest
import uuid
import zoneinfo

from docker_env import TEST_IMAGE, DockerServerTestCase
from harness import ACCOUNT, wait_for

# Runs until SIGTERM and then exits 0 at once.
LONG = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
# Burns a core for BURN seconds after it starts, then idles like LONG.
BURN = 6
BURNING = ["sh", "-c", "trap 'exit 0' TERM; end=$(( $(date +%s) + " + str(BURN) + " )); "
           "while [ $(date +%s) -lt $end ]; do :; done; sleep 600 & wait"]
DIMENSION = "ecs:service:DesiredCount"


class AutoscalingTest(DockerServerTestCase):
    server_args = ("--scaling-window-seconds", "1", "--scaling-out-periods", "1",
                   "--scaling-in-periods", "2")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scaling = cls.server.client("application-autoscaling")

    def setUp(self):
        super().setUp()
        self.cluster = "as-" + uuid.uuid4().hex[:8]
        self.ecs.create_cluster(clusterName=self.cluster)

    def tearDown(self):
        self.remember_tasks(self.cluster)

    def service(self, name, count, command=LONG, cpu=None):
        container = {"name": "app", "image": TEST_IMAGE, "memory": 32, "essential": True,
                     "command": command}
        if cpu:
            container["cpu"] = cpu
        td = self.ecs.register_task_definition(
            family=name, containerDefinitions=[container])["taskDefinition"]["taskDefinitionArn"]
        self.ecs.create_service(cluster=self.cluster, serviceName=name, taskDefinition=td,
                                desiredCount=count, launchType="EC2")
        return f"service/{self.cluster}/{name}"

    def desired(self, name):
        return self.ecs.describe_services(cluster=self.cluster,
                                          services=[name])["services"][0]["desiredCount"]

    def target(self, resource_id, **kwargs):
        return dict(ServiceNamespace="ecs", ResourceId=resource_id, ScalableDimension=DIMENSION,
                    **kwargs)

    def activities(self, resource_id):
        return self.scaling.describe_scaling_activities(
            ServiceNamespace="ecs", ResourceId=resource_id)["ScalingActivities"]

    def assertScalingError(self, code, fn, **kwargs):
        with self.assertRaises(self.scaling.exceptions.ClientError) as cm:
            fn(**kwargs)
        self.assertEqual(cm.exception.response["Error"]["Code"], code, cm.exception.response)
        return cm.exception.response["Error"]["Message"]

    def test_api_and_bad_input(self):
        resource = self.service("api", 0)
        missing = f"service/{self.cluster}/nope"
        self.assertEqual(
            self.assertScalingError("ValidationException", self.scaling.register_scalable_target,
                                    **self.target(missing, MinCapacity=1, MaxCapacity=2)),
            f"ECS service doesn't exist: {missing}")
        self.assertScalingError("ValidationException", self.scaling.register_scalable_target,
                                **self.target(resource, MinCapacity=3, MaxCapacity=1))
        message = self.assertScalingError(
            "ValidationException", self.scaling.register_scalable_target,
            ServiceNamespace="dynamodb", ResourceId="table/t", MinCapacity=1, MaxCapacity=2,
            ScalableDimension="dynamodb:table:ReadCapacityUnits")
        self.assertIn("ECS services only", message)
        cpu = {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}
        self.assertScalingError("ObjectNotFoundException", self.scaling.put_scaling_policy,
                                PolicyName="p", PolicyType="TargetTrackingScaling",
                                TargetTrackingScalingPolicyConfiguration={
                                    "TargetValue": 50, "PredefinedMetricSpecification": cpu},
                                **self.target(resource))

        arn = self.scaling.register_scalable_target(
            **self.target(resource, MinCapacity=0, MaxCapacity=3),
            Tags={"team": "web"})["ScalableTargetARN"]
        [t] = self.scaling.describe_scalable_targets(ServiceNamespace="ecs",
                                                     ResourceIds=[resource])["ScalableTargets"]
        self.assertEqual((t["MinCapacity"], t["MaxCapacity"], t["ScalableTargetARN"]),
                         (0, 3, arn))
        self.assertEqual(t["RoleARN"], f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/ecs."
                         "application-autoscaling.amazonaws.com/"
                         "AWSServiceRoleForApplicationAutoScaling_ECSService")
        self.assertEqual(self.scaling.list_tags_for_resource(ResourceARN=arn)["Tags"],
                         {"team": "web"})

        self.assertScalingError(
            "ValidationException", self.scaling.put_scaling_policy, PolicyName="req",
            PolicyType="TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration={
                "TargetValue": 100,
                "PredefinedMetricSpecification": {"PredefinedMetricType":
                                                  "ALBRequestCountPerTarget"}},
            **self.target(resource))
        put = self.scaling.put_scaling_policy(
            PolicyName="cpu", PolicyType="TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration={
                "TargetValue": 75, "ScaleInCooldown": 60,
                "PredefinedMetricSpecification": {"PredefinedMetricType":
                                                  "ECSServiceAverageCPUUtilization"}},
            **self.target(resource))
        self.assertEqual([a["AlarmName"].split("-")[-6] for a in put["Alarms"]],
                         ["AlarmHigh", "AlarmLow"])
        self.scaling.put_scaling_policy(
            PolicyName="steps", PolicyType="StepScaling",
            StepScalingPolicyConfiguration={
                "AdjustmentType": "ChangeInCapacity", "Cooldown": 60,
                "StepAdjustments": [{"MetricIntervalLowerBound": 0, "ScalingAdjustment": 1}]},
            **self.target(resource))
        policies = self.scaling.describe_scaling_policies(ServiceNamespace="ecs",
                                                          ResourceId=resource)["ScalingPolicies"]
        self.assertEqual([(p["PolicyName"], p["PolicyType"]) for p in policies],
                         [("cpu", "TargetTrackingScaling"), ("steps", "StepScaling")])
        self.assertIsInstance(policies[0]["CreationTime"], datetime.datetime)

        self.assertScalingError("ValidationException", self.scaling.put_scheduled_action,
                                ScheduledActionName="bad", Schedule="cron(0 8 * * * *)",
                                ScalableTargetAction={"MinCapacity": 1}, **self.target(resource))
        self.assertScalingError("ValidationException", self.scaling.put_scheduled_action,
                                ScheduledActionName="bad", Schedule="rate(1 hour)",
                                Timezone="Nowhere/Land", ScalableTargetAction={"MinCapacity": 1},
                                **self.target(resource))
        self.scaling.put_scheduled_action(ScheduledActionName="nightly",
                                          Schedule="cron(0 22 ? * MON-FRI *)",
                                          Timezone="Europe/Paris",
                                          ScalableTargetAction={"MaxCapacity": 1},
                                          **self.target(resource))
        [action] = self.scaling.describe_scheduled_actions(
            ServiceNamespace="ecs", ResourceId=resource)["ScheduledActions"]
        self.assertEqual((action["Schedule"], action["Timezone"], action["ScalableTargetAction"]),
                         ("cron(0 22 ? * MON-FRI *)", "Europe/Paris", {"MaxCapacity": 1}))

        self.scaling.delete_scaling_policy(PolicyName="steps", **self.target(resource))
        self.assertScalingError("ObjectNotFoundException", self.scaling.delete_scaling_policy,
                                PolicyName="steps", **self.target(resource))
        self.scaling.deregister_scalable_target(**self.target(resource))
        self.assertEqual(self.scaling.describe_scaling_policies(
            ServiceNamespace="ecs")["ScalingPolicies"], [])
        self.assertScalingError("ObjectNotFoundException",
                                self.scaling.deregister_scalable_target, **self.target(resource))

    def test_cpu_burn_scales_out_then_in(self):
        resource = self.service("burn", 1, command=BURNING, cpu=256)
        self.scaling.register_scalable_target(**self.target(resource, MinCapacity=1,
                                                            MaxCapacity=3))
        self.scaling.put_scaling_policy(
            PolicyName="cpu50", PolicyType="TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration={
                "TargetValue": 50, "ScaleOutCooldown": 1, "ScaleInCooldown": 1,
                "PredefinedMetricSpecification": {"PredefinedMetricType":
                                                  "ECSServiceAverageCPUUtilization"}},
            **self.target(resource))
        wait_for(lambda: self.desired("burn") == 3, timeout=30, interval=0.5,
                 message="scale-out to the maximum")
        first = self.activities(resource)[-1]
        self.assertEqual(first["StatusCode"], "Successful")
        self.assertRegex(first["Cause"], r"^monitor alarm TargetTracking-" + resource +
                         r"-AlarmHigh-[0-9a-f-]{36} in state ALARM triggered policy cpu50$")
        self.assertRegex(first["Description"], r"^Setting desired count to [23]\.$")
        # The burn ends BURN seconds after each task started; AlarmLow then scales in to the min.
        wait_for(lambda: self.desired("burn") == 1, timeout=45, interval=0.5,
                 message="scale-in to the minimum")
        last = self.activities(resource)[0]
        self.assertEqual(last["Description"], "Setting desired count to 1.")
        self.assertIn("-AlarmLow-", last["Cause"])
        events = [e["message"] for e in self.ecs.describe_services(
            cluster=self.cluster, services=["burn"])["services"][0]["events"]]
        self.assertTrue(any("has started 1 tasks" in m or "has started 2 tasks" in m
                            for m in events), events)

    def test_scheduled_action_raises_min_capacity(self):
        resource = self.service("sched", 0)
        self.scaling.register_scalable_target(**self.target(resource, MinCapacity=0,
                                                            MaxCapacity=4))
        # Three seconds from now on Tokyo's wall clock.
        tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
        when = datetime.datetime.now(tokyo).replace(microsecond=0) + datetime.timedelta(seconds=3)
        self.scaling.put_scheduled_action(
            ScheduledActionName="rush", Schedule=f"at({when.strftime('%Y-%m-%dT%H:%M:%S')})",
            Timezone="Asia/Tokyo", ScalableTargetAction={"MinCapacity": 2},
            **self.target(resource))
        self.assertEqual(self.desired("sched"), 0)
        wait_for(lambda: self.desired("sched") == 2, timeout=15, interval=0.25,
                 message="the scheduled minimum")
        self.assertGreaterEqual(time.time(), when.timestamp())
        [t] = self.scaling.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
        self.assertEqual((t["MinCapacity"], t["MaxCapacity"]), (2, 4))
        done = [(a["Description"], a["Cause"]) for a in self.activities(resource)]
        self.assertEqual(done, [
            ("Setting desired count to 2.", "minimum capacity was set to 2"),
            ("Setting min capacity to 2", "scheduled action name rush was triggered")])


if __name__ == "__main__":
    unittest.main()
