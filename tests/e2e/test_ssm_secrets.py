"""SSM Parameter Store and Secrets Manager through boto3 and AWS CLI v2: parameters with versions,
labels, paths, SecureString and tags; secrets with versions and stages, deletion and restore,
random passwords; and bad input answered with each service's own error codes.

Tasks reading these stores into their containers are in test_secrets.py.
"""
import unittest

from harness import ACCOUNT, REGION, ServerTestCase


class SsmTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ssm = cls.server.client("ssm")

    def test_parameters_versions_labels_and_paths(self):
        self.assertEqual(self.ssm.put_parameter(Name="/app/db/url", Value="pg://a", Type="String",
                                                Tags=[{"Key": "team", "Value": "core"}])["Version"], 1)
        self.ssm.put_parameter(Name="/app/db/url", Value="pg://b", Overwrite=True)
        self.ssm.put_parameter(Name="/app/db/password", Value="s3cret", Type="SecureString")
        self.ssm.put_parameter(Name="/app/hosts", Value="a,b", Type="StringList")
        self.ssm.label_parameter_version(Name="/app/db/url", ParameterVersion=1, Labels=["prod"])

        got = self.ssm.get_parameter(Name="/app/db/url")["Parameter"]
        self.assertEqual((got["Value"], got["Version"]), ("pg://b", 2))
        self.assertEqual(got["ARN"], f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/app/db/url")
        self.assertEqual(self.ssm.get_parameter(Name="/app/db/url:prod")["Parameter"]["Value"],
                         "pg://a")
        self.assertEqual(self.ssm.get_parameter(Name="/app/db/url:1")["Parameter"]["Value"],
                         "pg://a")
        hidden = self.ssm.get_parameter(Name="/app/db/password")["Parameter"]["Value"]
        self.assertNotEqual(hidden, "s3cret")
        self.assertEqual(self.ssm.get_parameter(Name="/app/db/password", WithDecryption=True)
                         ["Parameter"]["Value"], "s3cret")

        many = self.ssm.get_parameters(Names=["/app/hosts", "/app/none"])
        self.assertEqual([p["Name"] for p in many["Parameters"]], ["/app/hosts"])
        self.assertEqual(many["InvalidParameters"], ["/app/none"])

        # The paginator follows NextToken across pages of one.
        pages = self.ssm.get_paginator("get_parameters_by_path").paginate(
            Path="/app", Recursive=True, WithDecryption=True, PaginationConfig={"PageSize": 1})
        names = [p["Name"] for page in pages for p in page["Parameters"]]
        self.assertEqual(names, ["/app/db/password", "/app/db/url", "/app/hosts"])
        one_level = self.ssm.get_parameters_by_path(Path="/app")["Parameters"]
        self.assertEqual([p["Name"] for p in one_level], ["/app/hosts"])

        described = self.ssm.describe_parameters(ParameterFilters=[
            {"Key": "Type", "Values": ["SecureString"]}])["Parameters"]
        self.assertEqual([(p["Name"], p["KeyId"]) for p in described],
                         [("/app/db/password", "alias/aws/ssm")])
        history = self.ssm.get_parameter_history(Name="/app/db/url")["Parameters"]
        self.assertEqual([(h["Version"], h["Labels"]) for h in history], [(1, ["prod"]), (2, [])])
        self.assertEqual(self.ssm.list_tags_for_resource(
            ResourceType="Parameter", ResourceId="/app/db/url")["TagList"],
            [{"Key": "team", "Value": "core"}])

        deleted = self.ssm.delete_parameters(Names=["/app/hosts", "/app/none"])
        self.assertEqual(deleted["InvalidParameters"], ["/app/none"])
        # AWS CLI v2 reads what boto3 wrote.
        out = self.server.aws("ssm", "get-parameter", "--name", "/app/db/password",
                              "--with-decryption")
        self.assertEqual(out["Parameter"]["Value"], "s3cret")

    def test_bad_input_gets_ssm_errors(self):
        self.ssm.put_parameter(Name="/x", Value="1", Type="String")
        self.assertClientError("ParameterAlreadyExists", self.ssm.put_parameter, Name="/x",
                               Value="2", Type="String")
        self.assertClientError("ParameterNotFound", self.ssm.get_parameter, Name="/nothing")
        self.assertClientError("ParameterVersionNotFound", self.ssm.get_parameter, Name="/x:9")
        self.assertClientError("ValidationException", self.ssm.put_parameter, Name="/awsx",
                               Value="1", Type="String")
        self.assertClientError("ValidationException", self.ssm.put_parameter, Name="/y", Value="1")
        self.assertClientError("HierarchyLevelLimitExceededException", self.ssm.put_parameter,
                               Name="/a" * 16, Value="1", Type="String")
        self.assertClientError("ParameterPatternMismatchException", self.ssm.put_parameter,
                               Name="/n", Value="abc", Type="String", AllowedPattern=r"^\d+$")
        self.assertClientError("InvalidNextToken", self.ssm.describe_parameters, NextToken="nope")
        self.assertClientError("InvalidResourceId", self.ssm.list_tags_for_resource,
                               ResourceType="Parameter", ResourceId="/nothing")
        self.assertClientError("ParameterNotFound", self.ssm.delete_parameter, Name="/nothing")


class SecretsManagerTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sm = cls.server.client("secretsmanager")

    def test_secret_versions_stages_and_deletion(self):
        made = self.sm.create_secret(Name="prod/db", SecretString='{"password":"one"}',
                                     Tags=[{"Key": "env", "Value": "prod"}])
        self.assertRegex(made["ARN"],
                         rf"^arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:prod/db-\w{{6}}$")
        self.sm.put_secret_value(SecretId="prod/db", SecretString='{"password":"two"}')
        self.assertEqual(self.sm.get_secret_value(SecretId=made["ARN"])["SecretString"],
                         '{"password":"two"}')
        previous = self.sm.get_secret_value(SecretId="prod/db", VersionStage="AWSPREVIOUS")
        self.assertEqual((previous["SecretString"], previous["VersionId"]),
                         ('{"password":"one"}', made["VersionId"]))
        self.sm.update_secret(SecretId="prod/db", Description="the database")
        described = self.sm.describe_secret(SecretId="prod/db")
        self.assertEqual(described["Description"], "the database")
        self.assertEqual(sorted(s for v in described["VersionIdsToStages"].values() for s in v),
                         ["AWSCURRENT", "AWSPREVIOUS"])
        listed = self.sm.list_secrets(Filters=[{"Key": "tag-value", "Values": ["prod"]}])
        self.assertEqual([s["Name"] for s in listed["SecretList"]], ["prod/db"])

        deleted = self.sm.delete_secret(SecretId="prod/db", RecoveryWindowInDays=7)
        self.assertIn("DeletionDate", deleted)
        self.assertClientError("InvalidRequestException", self.sm.get_secret_value,
                               SecretId="prod/db")
        self.assertEqual(self.sm.list_secrets()["SecretList"], [])
        self.sm.restore_secret(SecretId="prod/db")
        self.assertEqual(self.sm.get_secret_value(SecretId="prod/db")["SecretString"],
                         '{"password":"two"}')
        self.sm.delete_secret(SecretId="prod/db", ForceDeleteWithoutRecovery=True)
        self.assertClientError("ResourceNotFoundException", self.sm.describe_secret,
                               SecretId="prod/db")
        password = self.sm.get_random_password(PasswordLength=24, ExcludePunctuation=True)
        self.assertRegex(password["RandomPassword"], r"^[A-Za-z0-9]{24}$")

    def test_bad_input_gets_secrets_manager_errors(self):
        self.sm.create_secret(Name="s", SecretString="v")
        self.assertClientError("ResourceExistsException", self.sm.create_secret, Name="s",
                               SecretString="w")
        self.assertClientError("ResourceNotFoundException", self.sm.get_secret_value,
                               SecretId="nothing")
        self.assertClientError("InvalidParameterException", self.sm.delete_secret, SecretId="s",
                               RecoveryWindowInDays=3)
        self.assertClientError("InvalidParameterException", self.sm.create_secret,
                               Name="two", SecretString="v", SecretBinary=b"x")
        self.assertClientError("ResourceNotFoundException", self.sm.get_secret_value,
                               SecretId="s", VersionStage="AWSPENDING")


if __name__ == "__main__":
    unittest.main()
