"""Inside the task: the task metadata endpoint (v4 and v3), task role credentials at 169.254.170.2,
and a service reachable by its name from the other tasks of its cluster.

Each probe task runs busybox `wget` inside its own container against the addresses ECS gives
(ECS_CONTAINER_METADATA_URI_V4, http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI), prints
what it got between markers and keeps running; the test reads the container's output from Docker.
"""
import datetime
import json
import os
import re
import subprocess
import sys
import unittest
import uuid

import botocore.auth
import botocore.awsrequest
import botocore.credentials

from docker_env import docker
from harness import wait_for
from task_harness import AWSVPC, DockerTaskTestCase, container

ROLE = "arn:aws:iam::000000000000:role/app-task-role"
KEYS = ("AKIAMINECSTESTKEY001", "minecs-test-secret", "minecs-test-token")

PROBE = r"""
u="$ECS_CONTAINER_METADATA_URI_V4"
for p in "" /task /taskWithTags /stats /task/stats; do
  echo "==v4$p"; wget -q -O- "$u$p"; echo
done
echo "==v3/task"; wget -q -O- "$ECS_CONTAINER_METADATA_URI/task"; echo
if [ -n "$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" ]; then
  echo "==credentials"; wget -q -O- "http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"; echo
fi
echo "==env"; env | grep -E '^(ECS_CONTAINER|AWS_CONTAINER)' | sort
echo "==end"
trap 'exit 0' TERM; sleep 600 & wait
"""


def sections(output):
    """The probe's output as {marker: text}."""
    out = {}
    current = None
    for line in output.splitlines():
        if line.startswith("=="):
            current = line[2:]
            out[current] = ""
        elif current is not None:
            out[current] += line + "\n"
    return out


class TaskAgentTestBase(DockerTaskTestCase):
    server_args = ("--task-credentials", "static:" + ":".join(KEYS))

    def agent_port(self):
        for line in self.server.log_lines:
            m = re.search(r"agent endpoints on http://127\.0\.0\.1:(\d+)", line)
            if m:
                return int(m.group(1))
        raise AssertionError("minecs did not log its agent endpoint")

    def output_of(self, cluster, arn, name, until="==end", timeout=60):
        t = self.wait_status(cluster, arn, "RUNNING", timeout=timeout)
        runtime_id = container(t, name)["runtimeId"]

        def logs():
            r = subprocess.run(["docker", "logs", runtime_id], capture_output=True, text=True,
                               timeout=30)
            text = r.stdout + r.stderr
            return text if until in text else None

        return wait_for(logs, timeout=timeout, interval=0.5, message=f"{until} in the output")

    def fetch_inside(self, runtime_id, url_expr):
        r = subprocess.run(["docker", "exec", runtime_id, "sh", "-c", f'wget -q -O- "{url_expr}"'],
                           capture_output=True, text=True, timeout=30)
        return json.loads(r.stdout) if r.returncode == 0 and r.stdout.strip() else None

    def probe(self, cluster, family, fargate=False, **run_kwargs):
        out = self.output_of(cluster, self.run_one(cluster, family, **run_kwargs)["taskArn"],
                             "app")
        return sections(out)


class MetadataTest(TaskAgentTestBase):

    def test_bridge_task_reads_its_metadata_and_credentials(self):
        cluster = self.new_cluster()
        self.register("probe", [{"name": "app", "command": ["sh", "-c", PROBE],
                                 "dockerLabels": {"team": "qa"},
                                 "portMappings": [{"containerPort": 8080, "hostPort": 0}]}],
                      networkMode="bridge", taskRoleArn=ROLE)
        instance = self.ecs.list_container_instances(cluster=cluster)["containerInstanceArns"][0]
        self.ecs.tag_resource(resourceArn=instance, tags=[{"key": "rack", "value": "r1"}])
        arn = self.run_one(cluster, "probe", tags=[{"key": "env", "value": "test"}])["taskArn"]
        out = sections(self.output_of(cluster, arn, "app"))
        t = self.describe(cluster, arn)
        c = container(t, "app")

        mine = json.loads(out["v4"])
        self.assertEqual(mine["DockerId"], c["runtimeId"])
        self.assertEqual(mine["Name"], "app")
        self.assertEqual(mine["ContainerARN"], c["containerArn"])
        self.assertEqual(mine["KnownStatus"], "RUNNING")
        self.assertEqual(mine["DesiredStatus"], "RUNNING")
        self.assertEqual(mine["Type"], "NORMAL")
        self.assertEqual(mine["Labels"]["com.amazonaws.ecs.task-arn"], arn)
        self.assertEqual(mine["Labels"]["com.amazonaws.ecs.cluster"], cluster)
        self.assertEqual(mine["Labels"]["team"], "qa")
        self.assertEqual(mine["Limits"]["Memory"], 64)
        self.assertTrue(mine["ImageID"].startswith("sha256:"), mine["ImageID"])
        self.assertTrue(mine["StartedAt"].endswith("Z"))
        self.assertEqual(mine["Networks"][0]["NetworkMode"], "bridge")
        ip = mine["Networks"][0]["IPv4Addresses"][0]
        self.assertEqual(docker("inspect", "-f",
                                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                                c["runtimeId"]), ip)
        binding = c["networkBindings"][0]
        self.assertIn({"ContainerPort": 8080, "Protocol": "tcp", "HostPort": binding["hostPort"],
                       "HostIp": binding["bindIP"]}, mine["Ports"])

        task = json.loads(out["v4/task"])
        self.assertEqual(task["TaskARN"], arn)
        self.assertEqual(task["Cluster"], cluster)
        self.assertEqual(task["Family"], "probe")
        self.assertEqual(task["Revision"], "1")
        self.assertEqual(task["KnownStatus"], "RUNNING")
        self.assertEqual(task["LaunchType"], "EC2")
        self.assertEqual(task["AvailabilityZone"], t["availabilityZone"])
        self.assertIn("PullStartedAt", task)
        self.assertIn("PullStoppedAt", task)
        self.assertEqual([x["DockerId"] for x in task["Containers"]], [c["runtimeId"]])
        self.assertNotIn("TaskTags", task)

        tagged = json.loads(out["v4/taskWithTags"])
        self.assertEqual(tagged["TaskTags"], {"env": "test"})
        self.assertEqual(tagged["ContainerInstanceTags"], {"rack": "r1"})

        stats = json.loads(out["v4/stats"])
        self.assertIn("memory_stats", stats)
        self.assertIn("cpu_stats", stats)
        task_stats = json.loads(out["v4/task/stats"])
        self.assertEqual(list(task_stats), [c["runtimeId"]])
        self.assertIn("memory_stats", task_stats[c["runtimeId"]])

        v3 = json.loads(out["v3/task"])
        self.assertEqual(v3["TaskARN"], arn)
        self.assertEqual(v3["Containers"][0]["DockerId"], c["runtimeId"])

        creds = json.loads(out["credentials"])
        self.assertEqual((creds["AccessKeyId"], creds["SecretAccessKey"], creds["Token"]), KEYS)
        self.assertEqual(creds["RoleArn"], ROLE)
        self.assertRegex(creds["Expiration"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

        env = dict(line.split("=", 1) for line in out["env"].split())
        self.assertRegex(env["ECS_CONTAINER_METADATA_URI_V4"],
                         r"^http://169\.254\.170\.2/v4/[0-9a-f]{32}-\d{10}$")
        self.assertEqual(env["ECS_CONTAINER_METADATA_URI"],
                         env["ECS_CONTAINER_METADATA_URI_V4"].replace("/v4/", "/v3/"))
        self.assertRegex(env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"],
                         r"^/v2/credentials/[0-9a-f-]{36}$")

        # botocore's default chain accepts the document: from the host the agent is on loopback,
        # which botocore allows for AWS_CONTAINER_CREDENTIALS_FULL_URI.
        script = ("import boto3; c = boto3.Session().get_credentials(); "
                  "f = c.get_frozen_credentials(); "
                  "print(c.method, f.access_key, f.secret_key, f.token)")
        clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        clean["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = (
            f"http://127.0.0.1:{self.agent_port()}{env['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']}")
        clean["AWS_CONFIG_FILE"] = clean["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent"
        r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           env=clean, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split(), ["container-role", *KEYS])

    def test_awsvpc_task_metadata_shows_its_eni(self):
        cluster = self.new_cluster()
        self.register("probe-vpc", [{"name": "app", "command": ["sh", "-c", PROBE],
                                     "portMappings": [{"containerPort": 9090}]}], fargate=True)
        arn = self.run_one(cluster, "probe-vpc", launchType="FARGATE",
                           networkConfiguration=AWSVPC)["taskArn"]
        out = sections(self.output_of(cluster, arn, "app"))
        t = self.describe(cluster, arn)
        details = {d["name"]: d["value"] for d in t["attachments"][0]["details"]}

        task = json.loads(out["v4/task"])
        self.assertEqual(task["Cluster"], t["clusterArn"])
        self.assertEqual(task["LaunchType"], "FARGATE")
        self.assertEqual(task["Limits"], {"CPU": 0.25, "Memory": 512})
        net = task["Containers"][0]["Networks"][0]
        self.assertEqual(net["NetworkMode"], "awsvpc")
        self.assertEqual(net["IPv4Addresses"], [details["privateIPv4Address"]])
        self.assertEqual(net["MACAddress"], details["macAddress"])
        self.assertEqual(net["PrivateDNSName"], details["privateDnsName"])
        self.assertRegex(net["IPv4SubnetCIDRBlock"], r"^\d+\.\d+\.\d+\.\d+/\d+$")
        self.assertEqual(task["Containers"][0]["Ports"],
                         [{"ContainerPort": 9090, "Protocol": "tcp", "HostPort": 9090}])
        # No role, no credentials variable.
        self.assertNotIn("credentials", out)
        self.assertNotIn("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", out["env"])

    def test_endpoints_survive_a_restart_of_minecs(self):
        cluster = self.new_cluster()
        self.register("keep", [{"name": "app", "stopTimeout": 2,
                                "command": ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]}],
                      networkMode="bridge", taskRoleArn=ROLE)
        arn = self.run_one(cluster, "keep")["taskArn"]
        runtime_id = container(self.wait_status(cluster, arn, "RUNNING"), "app")["runtimeId"]
        task_url = "$ECS_CONTAINER_METADATA_URI_V4/task"
        creds_url = "http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
        self.assertEqual(self.fetch_inside(runtime_id, task_url)["TaskARN"], arn)
        old_port = self.agent_port()
        self.server.stop()
        self.server.log_lines.clear()
        self.server.start()
        self.assertNotEqual(self.agent_port(), old_port)  # a new free port: the route must follow
        got = wait_for(lambda: self.fetch_inside(runtime_id, task_url), timeout=30,
                       message="metadata after the restart")
        self.assertEqual(got["TaskARN"], arn)
        self.assertEqual(self.fetch_inside(runtime_id, creds_url)["RoleArn"], ROLE)

    def test_unknown_token_and_path_are_not_found(self):
        port = self.agent_port()
        import urllib.error
        import urllib.request
        for path in ("/v4/nosuchtoken/task", "/v2/credentials/" + str(uuid.uuid4()), "/other"):
            with self.assertRaises(urllib.error.HTTPError) as cm:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5)
            self.assertIn(cm.exception.code, (400, 404), path)


class InsideTheTaskTest(TaskAgentTestBase):
    """Issue 5's whole story in one Fargate task: it reads its metadata, fetches its role's
    credentials through the relative URI, prints both, and `aws logs tail /ecs/<group>` reads it."""

    def test_metadata_and_credentials_read_back_with_aws_logs_tail(self):
        cluster = self.new_cluster()
        group = "/ecs/inside-" + uuid.uuid4().hex[:8]
        script = ('wget -q -O- "$ECS_CONTAINER_METADATA_URI_V4/task" | tr -d "\\n"; echo; '
                  'wget -q -O- "http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" '
                  '| tr -d "\\n"; echo')
        self.register("inside", [{
            "name": "app", "command": ["sh", "-c", script],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": group, "awslogs-region": "us-east-1",
                "awslogs-stream-prefix": "ecs", "awslogs-create-group": "true"}}}],
            fargate=True, taskRoleArn=ROLE,
            executionRoleArn="arn:aws:iam::000000000000:role/ecsTaskExecutionRole")
        arn = self.run_one(cluster, "inside", launchType="FARGATE",
                           networkConfiguration=AWSVPC)["taskArn"]
        self.wait_status(cluster, arn, "STOPPED")
        env = {k: v for k, v in os.environ.items() if k != "AWS_PROFILE"}
        env.update(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                   AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")

        def tail():
            r = subprocess.run(["/usr/bin/aws", "--endpoint-url", self.server.endpoint, "--color",
                                "off", "logs", "tail", group, "--since", "1h"],
                               capture_output=True, text=True, env=env, timeout=120)
            lines = [l.split(" ", 2) for l in r.stdout.splitlines()]
            return lines if r.returncode == 0 and len(lines) == 2 else None

        lines = wait_for(tail, timeout=20, message="two lines from aws logs tail")
        self.assertEqual({l[1] for l in lines}, {f"ecs/app/{arn.split('/')[-1]}"})
        task = json.loads(lines[0][2])
        creds = json.loads(lines[1][2])
        self.assertEqual(task["TaskARN"], arn)
        self.assertEqual(task["Containers"][0]["Name"], "app")
        self.assertEqual(task["Containers"][0]["LogOptions"]["awslogs-group"], group)
        self.assertEqual((creds["AccessKeyId"], creds["RoleArn"]), (KEYS[0], ROLE))


CREDS = r"""
echo "==credentials"; wget -q -O- "http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"; echo
echo "==end"
trap 'exit 0' TERM; sleep 600 & wait
"""


# The task asks STS who it is as an SDK would: its role's keys from the credentials endpoint, then
# GetCallerIdentity signed with them (SigV4, HMAC-SHA256 in busybox sh) to minecs on the cluster
# network's gateway. minecs does not check signatures, so the test checks this one with botocore.
WHO_AM_I = r"""
hex() { od -An -v -tx1 | tr -d ' \n'; }
pad() {
  echo $1 | awk -v p=$2 -v h=0123456789abcdef '{ while (length($0) < 128) $0 = $0 "0"
    for (i = 1; i < 128; i += 2) {
      b = (index(h, substr($0, i, 1)) - 1) * 16 + index(h, substr($0, i + 1, 1)) - 1
      printf "%02x", xor(b, p) } }'
}
hmac() {
  inner=$({ pad $1 54 | xxd -r -p; printf %s "$2"; } | sha256sum | cut -c1-64)
  echo $(pad $1 92)$inner | xxd -r -p | sha256sum | cut -c1-64
}
sha() { printf %s "$1" | sha256sum | cut -c1-64; }
field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p"; }
creds=$(wget -q -O- "http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
echo "==credentials"; echo "$creds"
key=$(echo "$creds" | field AccessKeyId); secret=$(echo "$creds" | field SecretAccessKey)
token=$(echo "$creds" | field Token)
host=$(ip route | awk '/^default/ { print $3 }'):$MINECS_PORT
now=$(date -u +%Y%m%dT%H%M%SZ); scope=${now:0:8}/us-east-1/sts/aws4_request
body='Action=GetCallerIdentity&Version=2011-06-15'
type='application/x-www-form-urlencoded; charset=utf-8'
signed='content-type;host;x-amz-date;x-amz-security-token'
request=$(printf 'POST\n/\n\ncontent-type:%s\nhost:%s\nx-amz-date:%s\nx-amz-security-token:%s\n\n%s\n%s' \
  "$type" "$host" "$now" "$token" "$signed" "$(sha "$body")")
k=$(hmac $(hmac $(hmac $(hmac $(printf %s "AWS4$secret" | hex) ${now:0:8}) us-east-1) sts) aws4_request)
signature=$(hmac $k "$(printf 'AWS4-HMAC-SHA256\n%s\n%s\n%s' $now $scope $(sha "$request"))")
echo "==request"; echo "$host $now $signature"
echo "==identity"
auth="AWS4-HMAC-SHA256 Credential=$key/$scope, SignedHeaders=$signed, Signature=$signature"
wget -q -O- --header "Content-Type: $type" --header "X-Amz-Date: $now" \
  --header "X-Amz-Security-Token: $token" --header "Authorization: $auth" --post-data "$body" \
  "http://$host/" | tr -d '\n'; echo
echo "==end"
trap 'exit 0' TERM; sleep 600 & wait
"""


class TaskRoleSessionsTest(TaskAgentTestBase):
    """By default (--task-credentials sts) a task's role keys are STS's: a session of the task's
    role named after the task, different for every task, and GetCallerIdentity asked from inside
    the task with them answers that session. minecs listens on every address here so that the
    task reaches it on its network's gateway."""
    server_args = ("--host", "0.0.0.0")

    def credentials_of(self, cluster, family):
        arn = self.run_one(cluster, family)["taskArn"]
        return arn, sections(self.output_of(cluster, arn, "app"))

    def assert_signed_as_botocore_signs(self, creds, request):
        host, now, signature = request.split()
        sigv4 = botocore.auth.SigV4Auth(botocore.credentials.Credentials(
            creds["AccessKeyId"], creds["SecretAccessKey"], creds["Token"]), "sts", "us-east-1")
        r = botocore.awsrequest.AWSRequest(
            "POST", f"http://{host}/", data="Action=GetCallerIdentity&Version=2011-06-15",
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                     "X-Amz-Date": now, "X-Amz-Security-Token": creds["Token"]})
        r.context["timestamp"] = now
        self.assertEqual(signature, sigv4.signature(
            sigv4.string_to_sign(r, sigv4.canonical_request(r)), r))

    def test_each_task_gets_keys_of_its_role_session(self):
        cluster = self.new_cluster()
        other = "arn:aws:iam::000000000000:role/other-task-role"
        port = {"name": "MINECS_PORT", "value": str(self.server.port)}
        self.register("creds-a", [{"name": "app", "command": ["sh", "-c", WHO_AM_I],
                                   "environment": [port]}],
                      networkMode="bridge", taskRoleArn=ROLE)
        self.register("creds-b", [{"name": "app", "command": ["sh", "-c", WHO_AM_I],
                                   "environment": [port]}],
                      networkMode="bridge", taskRoleArn=other)
        seen = [self.credentials_of(cluster, "creds-a"), self.credentials_of(cluster, "creds-a"),
                self.credentials_of(cluster, "creds-b")]
        identities = [out["identity"] for _, out in seen]
        requests = [out["request"].strip() for _, out in seen]
        seen = [(arn, json.loads(out["credentials"])) for arn, out in seen]
        keys = [c["AccessKeyId"] for _, c in seen]
        self.assertEqual(len(set(keys)), 3, keys)
        now = datetime.datetime.now(datetime.timezone.utc)
        for (arn, c), role in zip(seen, (ROLE, ROLE, other)):
            self.assertTrue(c["AccessKeyId"].startswith("ASIA"), c)
            self.assertEqual(c["RoleArn"], role)
            expires = datetime.datetime.strptime(c["Expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=datetime.timezone.utc)
            self.assertLess(abs((expires - now).total_seconds() - 3600), 120, c["Expiration"])
            session = f"{role.split('/')[-1]}/{arn.split('/')[-1]}"
            sts = self.server.client("sts", aws_access_key_id=c["AccessKeyId"],
                                     aws_secret_access_key=c["SecretAccessKey"],
                                     aws_session_token=c["Token"])
            me = sts.get_caller_identity()
            self.assertEqual(me["Arn"], f"arn:aws:sts::000000000000:assumed-role/{session}")
        for (arn, c), role, identity, request in zip(seen, (ROLE, ROLE, other), identities,
                                                     requests):
            # From inside: the same session, and a request real STS would take.
            session = f"{role.split('/')[-1]}/{arn.split('/')[-1]}"
            self.assertIn(f"<Arn>arn:aws:sts::000000000000:assumed-role/{session}</Arn>", identity)
            self.assertIn("<Account>000000000000</Account>", identity)
            self.assert_signed_as_botocore_signs(c, request)
        # Asked again, the task's session keeps its keys until they near their end.
        t = self.describe(cluster, seen[0][0])
        again = self.fetch_inside(container(t, "app")["runtimeId"],
                                  "http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        self.assertEqual(again["AccessKeyId"], keys[0])


class StrictIamTest(TaskAgentTestBase):
    """--strict-iam: ECS must be able to assume the task's roles, so they must exist in IAM: RunTask
    refuses, a service waits for the role and says so in its events."""
    server_args = ("--strict-iam",)

    def test_a_role_iam_lacks_fails_the_launch_until_it_exists(self):
        cluster = self.new_cluster()
        name = "strict-" + uuid.uuid4().hex[:8]
        role = f"arn:aws:iam::000000000000:role/{name}"
        self.register("strict", [{"name": "app", "command": ["sh", "-c", CREDS]}],
                      networkMode="bridge", taskRoleArn=role)
        with self.assertRaises(self.ecs.exceptions.ClientException) as cm:
            self.ecs.run_task(cluster=cluster, taskDefinition="strict", launchType="EC2")
        self.assertIn(f"ECS was unable to assume the role '{role}' that was provided for this "
                      "task.", str(cm.exception))
        self.assertEqual(self.ecs.list_tasks(cluster=cluster)["taskArns"], [])
        # A service of it is created, as on ECS, but starts no task: its events say why.
        self.ecs.create_service(cluster=cluster, serviceName="strict", taskDefinition="strict",
                                desiredCount=1, launchType="EC2")
        self.addCleanup(self.ecs.delete_service, cluster=cluster, service="strict", force=True)

        def events():
            return [e["message"] for e in self.ecs.describe_services(
                cluster=cluster, services=["strict"])["services"][0]["events"]]
        said = wait_for(lambda: [m for m in events() if "failed to launch" in m], timeout=30,
                        message="the service's launch failure")
        self.assertEqual(said, [f"(service strict) failed to launch a task with (error ECS was "
                                f"unable to assume the role '{role}' that was provided for this "
                                "task. Please verify that the role being passed has the proper "
                                "trust relationship and permissions and that your IAM user has "
                                "permissions to pass this role.)."])
        self.assertEqual(self.ecs.list_tasks(cluster=cluster)["taskArns"], [])
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
            "Action": "sts:AssumeRole"}]}
        self.server.client("iam").create_role(RoleName=name,
                                              AssumeRolePolicyDocument=json.dumps(trust))
        started = wait_for(lambda: self.ecs.list_tasks(cluster=cluster)["taskArns"], timeout=30,
                           message="the service's task once its role exists")
        self.launched += started
        self.ecs.update_service(cluster=cluster, service="strict", desiredCount=0)
        arn = self.run_one(cluster, "strict")["taskArn"]
        creds = json.loads(sections(self.output_of(cluster, arn, "app"))["credentials"])
        self.assertEqual(creds["RoleArn"], role)
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))


class AgentProtectionTest(TaskAgentTestBase):
    """$ECS_AGENT_URI/task-protection/v1/state, called from inside the task as ECS documents."""

    def agent_call(self, runtime_id, method, body=None):
        # busybox wget cannot PUT: a raw HTTP/1.0 request through nc.
        data = json.dumps(body) if body is not None else ""
        script = ('p="${ECS_AGENT_URI#http://169.254.170.2}/task-protection/v1/state"; '
                  f"printf '{method} %s HTTP/1.0\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {len(data)}\r\n\r\n%s' \"$p\" '{data}' "
                  "| nc 169.254.170.2 80")
        r = subprocess.run(["docker", "exec", runtime_id, "sh", "-c", script],
                           capture_output=True, text=True, timeout=30)
        head, _, payload = r.stdout.partition("\n\n")  # text mode turned \r\n into \n
        self.assertTrue(head.startswith("HTTP/1.") and payload, (r.stdout, r.stderr))
        return int(head.split()[1]), json.loads(payload)

    def test_a_service_task_protects_itself(self):
        cluster = self.new_cluster()
        self.register("guarded", [{"name": "app", "stopTimeout": 2, "command": [
            "sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]}], networkMode="bridge")
        self.ecs.create_service(cluster=cluster, serviceName="guarded", taskDefinition="guarded",
                                desiredCount=1)
        arn = wait_for(lambda: self.ecs.list_tasks(cluster=cluster)["taskArns"], timeout=30,
                       message="the service's task")[0]
        runtime_id = container(self.wait_status(cluster, arn, "RUNNING"), "app")["runtimeId"]

        status, body = self.agent_call(runtime_id, "PUT",
                                       {"ProtectionEnabled": True, "ExpiresInMinutes": 30})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["protection"]["TaskArn"], arn)
        self.assertTrue(body["protection"]["ProtectionEnabled"])
        self.assertRegex(body["protection"]["ExpirationDate"], r"^\d{4}-\d\d-\d\dT")
        api = self.ecs.get_task_protection(cluster=cluster, tasks=[arn])["protectedTasks"][0]
        self.assertTrue(api["protectionEnabled"])
        status, body = self.agent_call(runtime_id, "GET")
        self.assertEqual((status, body["protection"]["ProtectionEnabled"]), (200, True))

        status, body = self.agent_call(runtime_id, "PUT", {"ExpiresInMinutes": 30})
        self.assertEqual(status, 400)
        self.assertEqual(body["error"]["Code"], "InvalidParameterException")
        status, body = self.agent_call(runtime_id, "PUT",
                                       {"ProtectionEnabled": True, "ExpiresInMinutes": 5000})
        self.assertEqual(status, 400)
        self.assertTrue(self.ecs.get_task_protection(
            cluster=cluster, tasks=[arn])["protectedTasks"][0]["protectionEnabled"])

        status, body = self.agent_call(runtime_id, "PUT", {"ProtectionEnabled": False})
        self.assertEqual((status, body["protection"]["ProtectionEnabled"]), (200, False))
        self.assertFalse(self.ecs.get_task_protection(
            cluster=cluster, tasks=[arn])["protectedTasks"][0]["protectionEnabled"])
        self.ecs.delete_service(cluster=cluster, service="guarded", force=True)

    def test_a_standalone_task_is_not_valid(self):
        cluster = self.new_cluster()
        self.register("alone", [{"name": "app", "stopTimeout": 2, "command": [
            "sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]}], networkMode="bridge")
        arn = self.run_one(cluster, "alone")["taskArn"]
        runtime_id = container(self.wait_status(cluster, arn, "RUNNING"), "app")["runtimeId"]
        status, body = self.agent_call(runtime_id, "PUT", {"ProtectionEnabled": True})
        self.assertEqual(status, 200)
        self.assertEqual(body["failure"], {"Arn": arn, "Reason": "TASK_NOT_VALID"})


class ClusterNetworkTest(TaskAgentTestBase):
    server_args = ("--resync-seconds", "1")

    def networks_of(self, cluster):
        out = docker("network", "ls", "-q", "--filter", f"label=com.amazonaws.ecs.cluster={cluster}")
        return out.split()

    def test_delete_cluster_removes_its_network(self):
        cluster = self.new_cluster()
        self.register("short", [{"name": "app", "command": ["true"]}], networkMode="bridge")
        arn = self.run_one(cluster, "short")["taskArn"]
        self.wait_status(cluster, arn, "STOPPED")
        self.assertEqual(len(self.networks_of(cluster)), 1)
        self.ecs.delete_cluster(cluster=cluster)
        self.clusters.remove(cluster)
        wait_for(lambda: not self.networks_of(cluster), timeout=20,
                 message="the deleted cluster's network to go")


class ServiceNameTest(TaskAgentTestBase):
    """Other tasks of the cluster reach a service by its name, as with Service Connect's names."""

    SERVE = ("mkdir -p /www && echo served-by-$HOSTNAME > /www/index.html && "
             "exec httpd -f -p 8080 -h /www")
    FETCH = ("for i in $(seq 1 30); do out=$(wget -q -O- http://{name}:8080/index.html) && "
             "echo \"got:$out\" && break; sleep 1; done; echo ==end; "
             "trap 'exit 0' TERM; sleep 600 & wait")

    def tearDown(self):
        for cluster in self.clusters:
            for arn in self.ecs.list_services(cluster=cluster)["serviceArns"]:
                self.ecs.delete_service(cluster=cluster, service=arn, force=True)
        super().tearDown()

    def check_reachable(self, fargate):
        cluster = self.new_cluster()
        kind = {"fargate": True} if fargate else {"networkMode": "bridge"}
        run = {"launchType": "FARGATE", "networkConfiguration": AWSVPC} if fargate else {}
        self.register("web", [{"name": "web", "command": ["sh", "-c", self.SERVE],
                               "stopTimeout": 2,
                               "portMappings": [{"containerPort": 8080}]}], **kind)
        self.ecs.create_service(cluster=cluster, serviceName="frontend", taskDefinition="web",
                                desiredCount=1, **run)
        self.ecs.get_waiter("services_stable").wait(
            cluster=cluster, services=["frontend"], WaiterConfig={"Delay": 1, "MaxAttempts": 90})
        self.register("client", [{"name": "app", "stopTimeout": 2,
                                  "command": ["sh", "-c", self.FETCH.format(name="frontend")]}],
                      **kind)
        arn = self.run_one(cluster, "client", **run)["taskArn"]
        out = self.output_of(cluster, arn, "app")
        self.assertRegex(out, r"got:served-by-\S+", out)

    def test_bridge_service_is_reachable_by_name(self):
        self.check_reachable(fargate=False)

    def test_awsvpc_service_is_reachable_by_name(self):
        self.check_reachable(fargate=True)


if __name__ == "__main__":
    unittest.main()
