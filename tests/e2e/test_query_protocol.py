"""The AWS Query and EC2 protocols end to end: boto3 and AWS CLI v2 against STS (a Query service
with GetCallerIdentity) and EC2 (its actions without a handler: instances), and raw HTTP for what
the SDKs never send (test_ec2_networking covers EC2's handlers). The server must answer each bad request with its protocol's error and stay up."""
import http.client
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

from botocore.config import Config

import boto3
from harness import ACCOUNT, REGION, MinecsServer, ServerTestCase

EC2_NS = "{http://ec2.amazonaws.com/doc/2016-11-15/}"
STS_NS = "{https://sts.amazonaws.com/doc/2011-06-15/}"


def signed_for(service, region=REGION):
    return (f"AWS4-HMAC-SHA256 Credential=test/20240101/{region}/{service}/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=00")


class QueryTestCase(ServerTestCase):
    server_args = ("--no-docker=true",)

    def unvalidated(self, service):
        """A boto3 client that sends what its model would refuse, to see the server refuse it."""
        return boto3.client(service, endpoint_url=self.server.endpoint, region_name=REGION,
                            aws_access_key_id="test", aws_secret_access_key="test",
                            config=Config(retries={"max_attempts": 1},
                                          parameter_validation=False))

    def assertCode(self, code, fn, *args, **kwargs):
        with self.assertRaises(self.ecs.exceptions.ClientError) as cm:
            fn(*args, **kwargs)
        error = cm.exception.response["Error"]
        self.assertEqual(error["Code"], code, cm.exception.response)
        self.assertTrue(cm.exception.response["ResponseMetadata"]["RequestId"])
        return error


class StsTest(QueryTestCase):
    def test_boto3_get_caller_identity(self):
        for region in (REGION, "eu-west-1"):
            r = self.server.client("sts", region=region).get_caller_identity()
            self.assertEqual(r["Account"], ACCOUNT)
            self.assertEqual(r["Arn"], f"arn:aws:iam::{ACCOUNT}:root")
            self.assertEqual(r["UserId"], ACCOUNT)
            self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 200)
            self.assertRegex(r["ResponseMetadata"]["RequestId"], r"^[0-9a-f-]{36}$")

    def test_cli_get_caller_identity(self):
        self.assertEqual(self.server.aws("sts", "get-caller-identity"),
                         {"UserId": ACCOUNT, "Account": ACCOUNT,
                          "Arn": f"arn:aws:iam::{ACCOUNT}:root"})

    def test_configured_account(self):
        other = MinecsServer("--no-docker=true", "--account-id", "123456789012").start()
        try:
            r = other.client("sts").get_caller_identity()
            self.assertEqual((r["Account"], r["Arn"], r["UserId"]),
                             ("123456789012", "arn:aws:iam::123456789012:root", "123456789012"))
        finally:
            other.cleanup()

    def test_operation_without_handler(self):
        error = self.assertCode("UnsupportedOperation",
                                self.server.client("sts").get_federation_token, Name="someone")
        self.assertIn("GetFederationToken", error["Message"])

    def test_validation(self):
        sts = self.unvalidated("sts")
        self.assertCode("ValidationError", sts.assume_role,
                        RoleArn="arn:aws:iam::123456789012:role/r", RoleSessionName="x")
        self.assertCode("ValidationError", sts.assume_role,
                        RoleArn="arn:aws:iam::123456789012:role/r")
        self.assertCode("ValidationError", sts.get_session_token, DurationSeconds="soon")


class Ec2Test(QueryTestCase):
    def test_actions_answer_not_implemented(self):
        ec2 = self.server.client("ec2")
        error = self.assertCode("UnsupportedOperation", ec2.describe_instances)
        self.assertIn("DescribeInstances", error["Message"])
        self.assertCode("UnsupportedOperation", ec2.run_instances, ImageId="ami-12345678",
                        MinCount=1, MaxCount=1)
        self.assertCode("UnsupportedOperation", ec2.describe_images,
                        Filters=[{"Name": "name", "Values": ["x"]}])

    def test_wrong_typed_params(self):
        ec2 = self.unvalidated("ec2")
        error = self.assertCode("InvalidParameterValue", ec2.describe_vpcs, MaxResults="abc")
        self.assertIn("MaxResults", error["Message"])
        self.assertCode("InvalidParameterValue", ec2.describe_vpcs, MaxResults=1)
        self.assertCode("InvalidParameterValue", ec2.create_vpc, CidrBlock="10.0.0.0/16",
                        InstanceTenancy="shared-ish")
        self.assertCode("MissingParameter", ec2.delete_vpc)

    def test_cli(self):
        r = self.server.aws("ec2", "describe-instances", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("UnsupportedOperation", r.stderr)


class RawQueryTest(QueryTestCase):
    def request(self, body=b"", method="POST", query="", headers=None):
        h = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request(method, "/" + (("?" + query) if query else ""),
                         body=body if method == "POST" else None, headers=h)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def post(self, params, service=None, raw=None):
        body = raw if raw is not None else urllib.parse.urlencode(params).encode()
        headers = {"Authorization": signed_for(service)} if service else {}
        return self.request(body, headers=headers)

    def assertQueryError(self, reply, status, code):
        got, headers, body = reply
        self.assertEqual(got, status, body)
        self.assertTrue(headers["content-type"].startswith("text/xml"), headers)
        root = ET.fromstring(body)
        if root.tag == "Response":  # EC2
            self.assertEqual(root.findtext("Errors/Error/Code"), code, body)
            self.assertTrue(root.findtext("Errors/Error/Message"), body)
            self.assertTrue(root.findtext("RequestID"), body)
        else:
            self.assertEqual(root.tag.split("}")[-1], "ErrorResponse", body)
            error = next(c for c in root if c.tag.endswith("Error"))
            fields = {c.tag.split("}")[-1]: c.text for c in error}
            self.assertEqual(fields["Code"], code, body)
            self.assertEqual(fields["Type"], "Receiver" if status >= 500 else "Sender", body)
            self.assertTrue(fields["Message"], body)
        return body

    def assertAlive(self):
        status, _, body = self.server.raw(None, b"", path="/health", method="GET")
        self.assertEqual(status, 200, body)
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [])
        self.assertEqual(self.server.client("sts").get_caller_identity()["Account"], ACCOUNT)

    def test_get_with_a_query_string(self):
        status, headers, body = self.request(
            method="GET", query="Action=GetCallerIdentity&Version=2011-06-15")
        self.assertEqual(status, 200, body)
        root = ET.fromstring(body)
        self.assertEqual(root.tag, STS_NS + "GetCallerIdentityResponse")
        self.assertEqual(root.findtext(f"{STS_NS}GetCallerIdentityResult/{STS_NS}Account"),
                         ACCOUNT)
        self.assertEqual(root.findtext(f"{STS_NS}ResponseMetadata/{STS_NS}RequestId"),
                         headers["x-amzn-requestid"])

    def test_unknown_and_missing_action(self):
        self.assertQueryError(self.post({"Action": "Nope", "Version": "2011-06-15"}, "sts"), 400,
                              "InvalidAction")
        self.assertQueryError(self.post({"Action": "Nope", "Version": "2016-11-15"}, "ec2"), 400,
                              "InvalidAction")
        self.assertQueryError(self.post({"Action": "Nope"}), 400, "InvalidAction")
        self.assertQueryError(self.post({"Version": "2011-06-15"}, "sts"), 400, "MissingAction")
        self.assertQueryError(self.post({}), 400, "MissingAction")
        self.assertAlive()

    def test_missing_and_wrong_version(self):
        body = self.assertQueryError(self.post({"Action": "GetCallerIdentity"}, "sts"), 400,
                                     "InvalidAction")
        self.assertIn(b"NO_VERSION_SPECIFIED", body)
        self.assertQueryError(
            self.post({"Action": "GetCallerIdentity", "Version": "2099-01-01"}, "sts"), 400,
            "InvalidAction")
        self.assertQueryError(self.post({"Action": "DescribeVpcs"}, "ec2"), 400,
                              "MissingParameter")
        self.assertQueryError(self.post({"Action": "DescribeVpcs", "Version": "2014-01-01"}, "ec2"),
                              400, "NoSuchVersion")

    def test_wrong_types_and_unknown_parameters(self):
        ec2 = {"Action": "DescribeVpcs", "Version": "2016-11-15"}
        for extra in ({"MaxResults": "abc"}, {"MaxResults": "5.5"}, {"DryRun": "maybe"},
                      {"VpcId": "vpc-1"}, {"Filter.1": "x"}):
            with self.subTest(extra=extra):
                self.assertQueryError(self.post({**ec2, **extra}, "ec2"), 400,
                                      "InvalidParameterValue")
        self.assertQueryError(self.post({**ec2, "Bogus": "1"}, "ec2"), 400, "UnknownParameter")
        self.assertQueryError(
            self.post({"Action": "GetSessionToken", "Version": "2011-06-15",
                       "DurationSeconds": "soon"}, "sts"), 400, "ValidationError")
        self.assertAlive()

    def test_malformed_bodies(self):
        for raw in (b"Action=%zz", b"Action=GetCallerIdentity&Version=2011-06-15&%", b"\xff\xfe=1",
                    b"Action=%C0%AF", b"Action=GetCallerIdentity&Action=GetCallerIdentity",
                    b"Action=GetCallerIdentity&Version=2011-06-15&Version=2011-06-15"):
            with self.subTest(raw=raw):
                self.assertQueryError(self.post(None, "sts", raw=raw), 404,
                                      "MalformedQueryString")
        # Odd but well-formed: names nested far deeper than any shape, thousands of parameters.
        deep = b"Action=DescribeVpcs&Version=2016-11-15&Filter" + b".1" * 20000 + b"=x"
        self.assertQueryError(self.post(None, "ec2", raw=deep), 400, "UnknownParameter")
        many = "&".join(f"InstanceId.{i}=i-{i}" for i in range(1, 5001)).encode()
        self.assertQueryError(
            self.post(None, "ec2", raw=b"Action=DescribeInstances&Version=2016-11-15&" + many),
            400, "UnsupportedOperation")
        self.assertAlive()


if __name__ == "__main__":
    unittest.main()
