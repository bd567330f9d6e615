"""IAM and STS through boto3 and AWS CLI v2: roles with trust policies, inline and managed policies
with versions, attachments, instance profiles, IAM's errors and status codes; STS's temporary keys,
which GetCallerIdentity recognises (after a restart too), and --strict-iam's refusal of roles IAM
does not have. Policy documents come back URL-encoded, as IAM sends them, and the SDKs decode them.
"""
import json
import os
import subprocess
import urllib.parse

import boto3
from botocore.config import Config

from harness import ACCOUNT, AWS_CLI_V2, REGION, MinecsServer, ServerTestCase

TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
    "Action": "sts:AssumeRole"}]}
READ = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]}
EXECUTION = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"


def unchecked(server, service):
    """A client that sends what botocore would refuse, so that the server's answer is tested."""
    return boto3.client(service, endpoint_url=server.endpoint, region_name=REGION,
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(retries={"max_attempts": 1}, parameter_validation=False))


def client_with(server, service, creds):
    return boto3.client(service, endpoint_url=server.endpoint, region_name=REGION,
                        aws_access_key_id=creds["AccessKeyId"],
                        aws_secret_access_key=creds["SecretAccessKey"],
                        aws_session_token=creds["SessionToken"],
                        config=Config(retries={"max_attempts": 1}))


class IamTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.iam = cls.server.client("iam")
        cls.sts = cls.server.client("sts")

    def error(self, fn, **kwargs):
        with self.assertRaises(self.iam.exceptions.ClientError) as cm:
            fn(**kwargs)
        r = cm.exception.response
        return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]

    def test_roles_policies_and_attachments(self):
        role = self.iam.create_role(RoleName="app", Path="/ecs/", Description="d",
                                    AssumeRolePolicyDocument=json.dumps(TRUST),
                                    Tags=[{"Key": "team", "Value": "core"}])["Role"]
        self.assertEqual(role["Arn"], f"arn:aws:iam::{ACCOUNT}:role/ecs/app")
        self.assertTrue(role["RoleId"].startswith("AROA"))
        # botocore decodes IAM's URL-encoded documents into dicts.
        self.assertEqual(role["AssumeRolePolicyDocument"], TRUST)
        got = self.iam.get_role(RoleName="app")["Role"]
        self.assertEqual((got["Description"], got["MaxSessionDuration"]), ("d", 3600))
        self.assertEqual(got["Tags"], [{"Key": "team", "Value": "core"}])
        self.iam.update_role(RoleName="app", MaxSessionDuration=7200)
        self.assertEqual(self.iam.get_role(RoleName="app")["Role"]["MaxSessionDuration"], 7200)

        self.iam.put_role_policy(RoleName="app", PolicyName="read",
                                 PolicyDocument=json.dumps(READ))
        self.assertEqual(self.iam.get_role_policy(RoleName="app", PolicyName="read")
                         ["PolicyDocument"], READ)
        self.assertEqual(self.iam.list_role_policies(RoleName="app")["PolicyNames"], ["read"])

        policy = self.iam.create_policy(PolicyName="mine", PolicyDocument=json.dumps(READ))
        arn = policy["Policy"]["Arn"]
        self.assertEqual(arn, f"arn:aws:iam::{ACCOUNT}:policy/mine")
        self.iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(READ),
                                       SetAsDefault=True)
        self.assertEqual(self.iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"], "v2")
        for _ in range(3):
            self.iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(READ))
        self.assertEqual(self.error(self.iam.create_policy_version, PolicyArn=arn,
                                    PolicyDocument=json.dumps(READ)), ("LimitExceeded", 409))
        version = self.iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]
        self.assertEqual(version["Document"], READ)

        self.iam.attach_role_policy(RoleName="app", PolicyArn=arn)
        self.iam.attach_role_policy(RoleName="app", PolicyArn=EXECUTION)
        attached = self.iam.list_attached_role_policies(RoleName="app")["AttachedPolicies"]
        self.assertEqual([a["PolicyArn"] for a in attached], [arn, EXECUTION])
        managed = self.iam.get_policy(PolicyArn=EXECUTION)["Policy"]
        self.assertEqual((managed["Path"], managed["AttachmentCount"]), ("/service-role/", 1))
        self.assertIn("ecr:GetAuthorizationToken", json.dumps(self.iam.get_policy_version(
            PolicyArn=EXECUTION, VersionId=managed["DefaultVersionId"])["PolicyVersion"]["Document"]))
        only = self.iam.list_policies(OnlyAttached=True)["Policies"]
        self.assertEqual(sorted(p["PolicyName"] for p in only),
                         ["AmazonECSTaskExecutionRolePolicy", "mine"])

        # Nothing goes while something holds it.
        self.assertEqual(self.error(self.iam.delete_role, RoleName="app"), ("DeleteConflict", 409))
        self.assertEqual(self.error(self.iam.delete_policy, PolicyArn=arn), ("DeleteConflict", 409))
        self.iam.detach_role_policy(RoleName="app", PolicyArn=arn)
        self.iam.detach_role_policy(RoleName="app", PolicyArn=EXECUTION)
        self.iam.delete_role_policy(RoleName="app", PolicyName="read")
        self.iam.delete_role(RoleName="app")
        for v in ("v1", "v3", "v4", "v5"):
            self.iam.delete_policy_version(PolicyArn=arn, VersionId=v)
        self.iam.delete_policy(PolicyArn=arn)
        self.assertEqual(self.error(self.iam.get_role, RoleName="app"), ("NoSuchEntity", 404))

    def test_paging_and_instance_profiles_through_the_cli(self):
        for name in ("r1", "r2", "r3"):
            self.server.aws("iam", "create-role", "--role-name", name, "--path", "/svc/",
                            "--assume-role-policy-document", json.dumps(TRUST))
        self.iam.create_role(RoleName="other", AssumeRolePolicyDocument=json.dumps(TRUST))
        pages = self.iam.get_paginator("list_roles").paginate(
            PathPrefix="/svc/", PaginationConfig={"PageSize": 2})
        self.assertEqual([r["RoleName"] for p in pages for r in p["Roles"]], ["r1", "r2", "r3"])
        listed = self.server.aws("iam", "list-roles", "--path-prefix", "/svc/")
        self.assertEqual([r["RoleName"] for r in listed["Roles"]], ["r1", "r2", "r3"])
        self.assertEqual(listed["Roles"][0]["AssumeRolePolicyDocument"], TRUST)

        self.server.aws("iam", "create-instance-profile", "--instance-profile-name", "ip")
        self.server.aws("iam", "add-role-to-instance-profile", "--instance-profile-name", "ip",
                        "--role-name", "r1")
        profiles = self.server.aws("iam", "list-instance-profiles-for-role", "--role-name", "r1")
        self.assertEqual([p["InstanceProfileName"] for p in profiles["InstanceProfiles"]], ["ip"])
        refused = self.server.aws("iam", "delete-role", "--role-name", "r1", check=False)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("DeleteConflict", refused.stderr)

    def test_bad_input_gets_iams_errors(self):
        trust = json.dumps(TRUST)
        self.iam.create_role(RoleName="App", AssumeRolePolicyDocument=trust)
        iam = unchecked(self.server, "iam")
        cases = [
            (iam.create_role, dict(RoleName="app", AssumeRolePolicyDocument=trust),
             ("EntityAlreadyExists", 409)),
            (iam.create_role, dict(RoleName="x", AssumeRolePolicyDocument="{not json"),
             ("MalformedPolicyDocument", 400)),
            (iam.create_role, dict(RoleName="bad name", AssumeRolePolicyDocument=trust),
             ("ValidationError", 400)),
            (iam.put_role_policy, dict(RoleName="App", PolicyName="p",
                                            PolicyDocument=json.dumps({"Version": "2012-10-17"})),
             ("MalformedPolicyDocument", 400)),
            (iam.put_role_policy, dict(RoleName="App", PolicyName="p", PolicyDocument=trust),
             ("MalformedPolicyDocument", 400)),
            (iam.get_role_policy, dict(RoleName="App", PolicyName="none"),
             ("NoSuchEntity", 404)),
            (iam.attach_role_policy, dict(RoleName="App",
                                               PolicyArn="arn:aws:iam::aws:policy/Nope"),
             ("NoSuchEntity", 404)),
            (iam.get_policy, dict(PolicyArn="not-an-arn-of-a-policy"), ("InvalidInput", 400)),
            (iam.create_role, dict(RoleName="y", AssumeRolePolicyDocument=trust,
                                        MaxSessionDuration=60), ("ValidationError", 400)),
            (iam.list_roles, dict(MaxItems=0), ("ValidationError", 400)),
        ]
        for fn, kwargs, expected in cases:
            with self.subTest(fn=fn.__name__, **{k: str(v)[:30] for k, v in kwargs.items()}):
                self.assertEqual(self.error(fn, **kwargs), expected)

    def test_documents_are_url_encoded_on_the_wire(self):
        self.iam.create_role(RoleName="wire", AssumeRolePolicyDocument=json.dumps(TRUST))
        status, _, text = self.server.raw(
            None, "Action=GetRole&Version=2010-05-08&RoleName=wire",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/iam/"
                                      "aws4_request, SignedHeaders=host, Signature=00"})
        self.assertEqual(status, 200, text)
        encoded = text.split("<AssumeRolePolicyDocument>")[1].split("<")[0]
        self.assertTrue(encoded.startswith("%7B%22Version%22"), encoded)
        self.assertEqual(json.loads(urllib.parse.unquote(encoded)), TRUST)


class StsTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sts = cls.server.client("sts")
        cls.iam = cls.server.client("iam")

    def test_assumed_role_keys_are_the_roles_session(self):
        self.assertEqual(self.sts.get_caller_identity()["Arn"], f"arn:aws:iam::{ACCOUNT}:root")
        # The seed's roles are never created: accepted all the same without --strict-iam.
        out = self.sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/taskRole",
                                   RoleSessionName="worker-1", DurationSeconds=900)
        creds = out["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        self.assertEqual(out["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/taskRole/worker-1")
        me = client_with(self.server, "sts", creds).get_caller_identity()
        self.assertEqual(me["Arn"], out["AssumedRoleUser"]["Arn"])
        self.assertEqual(me["UserId"], out["AssumedRoleUser"]["AssumedRoleId"])

        # AWS CLI v2 with the temporary keys in its environment.
        env = dict(os.environ, AWS_ACCESS_KEY_ID=creds["AccessKeyId"],
                   AWS_SECRET_ACCESS_KEY=creds["SecretAccessKey"],
                   AWS_SESSION_TOKEN=creds["SessionToken"], AWS_DEFAULT_REGION=REGION,
                   AWS_PAGER="")
        env.pop("AWS_PROFILE", None)
        r = subprocess.run([AWS_CLI_V2, "--endpoint-url", self.server.endpoint, "--output", "json",
                            "sts", "get-caller-identity"], env=env, capture_output=True,
                           text=True, timeout=60, check=True)
        self.assertEqual(json.loads(r.stdout)["Arn"], out["AssumedRoleUser"]["Arn"])

        # A role IAM has lends its id and its session limit.
        role = self.iam.create_role(RoleName="svc", AssumeRolePolicyDocument=json.dumps(TRUST))
        out = self.sts.assume_role(RoleArn=role["Role"]["Arn"], RoleSessionName="sess",
                                   Policy=json.dumps(READ))
        self.assertEqual(out["AssumedRoleUser"]["AssumedRoleId"], role["Role"]["RoleId"] + ":sess")
        self.assertGreater(out["PackedPolicySize"], 0)
        self.assertClientError("ValidationError", self.sts.assume_role,
                               RoleArn=role["Role"]["Arn"], RoleSessionName="sess",
                               DurationSeconds=7200)

    def test_session_tokens_and_bad_input(self):
        creds = self.sts.get_session_token(DurationSeconds=900)["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        self.assertEqual(client_with(self.server, "sts", creds).get_caller_identity()["Arn"],
                         f"arn:aws:iam::{ACCOUNT}:root")
        role = f"arn:aws:iam::{ACCOUNT}:role/r"
        sts = unchecked(self.server, "sts")
        for kwargs, code in [
            (dict(RoleArn=role, RoleSessionName="has space"), "ValidationError"),
            (dict(RoleArn=role, RoleSessionName="sess", DurationSeconds=60), "ValidationError"),
            (dict(RoleArn=role, RoleSessionName="sess", DurationSeconds=43201), "ValidationError"),
            (dict(RoleArn=role, RoleSessionName="sess", Policy="{nope"), "MalformedPolicyDocument"),
        ]:
            with self.subTest(**{k: str(v) for k, v in kwargs.items()}):
                self.assertClientError(code, sts.assume_role, **kwargs)


class StsRestartAndStrictTest(ServerTestCase):
    """Issued keys survive a restart; with --strict-iam a role must exist in IAM."""
    server_args = ("--no-docker=true", "--strict-iam")

    def test_strict_iam_and_keys_after_a_restart(self):
        sts = self.server.client("sts")
        iam = self.server.client("iam")
        role = f"arn:aws:iam::{ACCOUNT}:role/ghost"
        response = self.assertClientError("AccessDenied", sts.assume_role, RoleArn=role,
                                          RoleSessionName="sess")
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 403)
        iam.create_role(RoleName="ghost", AssumeRolePolicyDocument=json.dumps(TRUST))
        creds = sts.assume_role(RoleArn=role, RoleSessionName="sess")["Credentials"]

        self.server.stop()
        self.server.start()
        me = client_with(self.server, "sts", creds).get_caller_identity()
        self.assertEqual(me["Arn"], f"arn:aws:sts::{ACCOUNT}:assumed-role/ghost/sess")


if __name__ == "__main__":
    import unittest
    unittest.main()
