"""ECR on a real registry: repositories through boto3 and AWS CLI v2, `docker login` with
get-login-password, `docker push` to a repositoryUri through minecs's authenticating proxy into
the docker-registry it supervises, DescribeImages of what was pushed, a task pulling the pushed
image by its repositoryUri and by its ECR URI, pushes refused without the token, lifecycle expiry on
push, tag immutability, and bad input answered with ECR's errors; and with --no-docker, a push
over the registry API without Docker.

Docker's credentials go to a temporary DOCKER_CONFIG, so the host's own logins are never touched.
"""
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import tarfile
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from docker_env import TEST_IMAGE, docker, remove_image
from harness import ACCOUNT, CREDENTIALS, REGION, ServerTestCase, wait_for
from task_harness import DockerTaskTestCase, container

KEEP_ONE = json.dumps({"rules": [{
    "rulePriority": 1, "description": "keep the newest",
    "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1},
    "action": {"type": "expire"}}]})


def tiny_image(name, content):
    """A one-file image of its own (docker import), so that manifests differ between images."""
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        body = content.encode()
        info = tarfile.TarInfo("marker")
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))
    subprocess.run(["docker", "import", "-", name], input=data.getvalue(), check=True,
                   capture_output=True, timeout=60)
    return name


class EcrTest(DockerTaskTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ecr = cls.server.client("ecr")
        cls.docker_config = tempfile.mkdtemp(prefix="minecs-e2e-docker-")
        cls.made_tags = set()

    @classmethod
    def tearDownClass(cls):
        try:
            for tag in cls.made_tags:
                remove_image(tag)
            shutil.rmtree(cls.docker_config, ignore_errors=True)
        finally:
            super().tearDownClass()
        # The registry stops with the server.
        left = subprocess.run(["pgrep", "-f", "docker-registry serve " + cls.server.data_dir],
                              capture_output=True, text=True).stdout.split()
        for pid in left:
            os.kill(int(pid), signal.SIGKILL)
        if left:
            raise AssertionError(f"registry processes {left} outlived the server")

    def registry_pid(self):
        out = subprocess.run(["pgrep", "-P", str(self.server.proc.pid), "-f", "docker-registry"],
                             capture_output=True, text=True).stdout.split()
        return int(out[0]) if out else None

    def docker_cli(self, *args, stdin=None, check=True):
        env = dict(os.environ, DOCKER_CONFIG=self.docker_config)
        r = subprocess.run(["docker", *args], input=stdin, capture_output=True, text=True,
                           env=env, timeout=120)
        if check and r.returncode != 0:
            raise AssertionError(f"docker {' '.join(args)} failed: {r.stderr.strip()}")
        return r

    def login(self, registry):
        # `aws ecr get-login-password | docker login --username AWS --password-stdin <registry>`
        password = self.aws_text("ecr", "get-login-password")
        self.docker_cli("login", "--username", "AWS", "--password-stdin", registry,
                        stdin=password)

    def aws_text(self, *args):
        env = dict(os.environ, **CREDENTIALS, AWS_DEFAULT_REGION=REGION, AWS_PAGER="")
        r = subprocess.run(["/usr/bin/aws", "--endpoint-url", self.server.endpoint, *args],
                           capture_output=True, text=True, env=env, timeout=60, check=True)
        return r.stdout.strip()

    def tag(self, src, dst):
        docker("tag", src, dst)
        type(self).made_tags.add(dst)
        return dst

    def push(self, ref, check=True):
        r = self.docker_cli("push", ref, check=check)
        m = re.search(r"digest: (sha256:[0-9a-f]{64})", r.stdout)
        return (m.group(1) if m else None), r

    def repository(self, name, **kwargs):
        repo = self.ecr.create_repository(repositoryName=name, **kwargs)["repository"]
        registry = repo["repositoryUri"].split("/")[0]
        return repo["repositoryUri"], registry

    def test_push_describe_and_run_from_the_registry(self):
        uri, registry = self.repository("e2e/app")
        self.assertRegex(registry, r"^127\.0\.0\.1:\d+$")
        self.login(registry)
        before = time.time()
        digest, _ = self.push(self.tag(TEST_IMAGE, uri + ":v1"))
        self.assertIsNotNone(digest)

        details = self.ecr.describe_images(repositoryName="e2e/app")["imageDetails"]
        self.assertEqual(len(details), 1)
        d = details[0]
        self.assertEqual((d["imageDigest"], d["imageTags"]), (digest, ["v1"]))
        self.assertGreater(d["imageSizeInBytes"], 100000)  # busybox's layer
        self.assertGreaterEqual(d["imagePushedAt"].timestamp(), before - 1)
        ids = self.ecr.list_images(repositoryName="e2e/app")["imageIds"]
        self.assertEqual(ids, [{"imageDigest": digest, "imageTag": "v1"}])
        got = self.ecr.batch_get_image(repositoryName="e2e/app", imageIds=[{"imageTag": "v1"}])
        manifest = json.loads(got["images"][0]["imageManifest"])
        self.assertIn("layers", manifest)
        # PutImage tags the pushed manifest; the registry serves the new tag too.
        self.ecr.put_image(repositoryName="e2e/app",
                           imageManifest=got["images"][0]["imageManifest"], imageTag="stable")

        cluster = self.new_cluster()
        ecr_uri = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/e2e/app:stable"
        self.register("pushed", [{"name": "app", "image": uri + ":v1",
                                  "command": ["sh", "-c", "exit 3"]}])
        self.register("by-ecr-uri", [{"name": "app", "image": ecr_uri,
                                      "command": ["sh", "-c", "exit 4"]}])
        self.register("missing", [{"name": "app", "image": uri + ":nope",
                                   "command": ["sh", "-c", "exit 0"]}])
        for family, code in (("pushed", 3), ("by-ecr-uri", 4)):
            arn = self.run_one(cluster, family)["taskArn"]
            t = self.wait_status(cluster, arn, "STOPPED", timeout=60)
            self.assertEqual(container(t, "app").get("exitCode"), code, t)
            self.assertEqual(container(t, "app")["imageDigest"], digest)
            self.assertLessEqual(t["pullStartedAt"], t["pullStoppedAt"])
        type(self).made_tags.add(uri + ":stable")
        arn = self.run_one(cluster, "missing")["taskArn"]
        t = self.wait_status(cluster, arn, "STOPPED", timeout=60)
        self.assertEqual(t["stopCode"], "TaskFailedToStart")
        self.assertTrue(t["stoppedReason"].startswith("CannotPullContainerError"),
                        t["stoppedReason"])
        self.assertIn("not found", t["stoppedReason"])
        self.docker_cli("logout", registry)

    def test_push_is_refused_without_the_token(self):
        uri, registry = self.repository("e2e/locked")
        # The registry's own 401 challenge, which `docker login` answers.
        try:
            urllib.request.urlopen(f"http://{registry}/v2/", timeout=5)
            self.fail("the registry answered without credentials")
        except urllib.error.HTTPError as e:
            self.assertEqual(e.code, 401)
            self.assertTrue(e.headers["WWW-Authenticate"].startswith("Basic realm="))
        self.docker_cli("logout", registry, check=False)
        _, r = self.push(self.tag(TEST_IMAGE, uri + ":v1"), check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertRegex(r.stderr, "(?i)auth|unauthorized")
        wrong = self.docker_cli("login", "--username", "AWS", "--password-stdin", registry,
                                stdin="not-a-token", check=False)
        self.assertNotEqual(wrong.returncode, 0)
        # With a token, a repository ECR does not have is refused too.
        self.login(registry)
        _, r = self.push(self.tag(TEST_IMAGE, registry + "/e2e/absent:v1"), check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("does not exist", r.stderr)
        self.assertEqual(self.ecr.describe_images(repositoryName="e2e/locked")["imageDetails"], [])
        self.docker_cli("logout", registry)

    def test_lifecycle_expires_and_immutable_tags_stay(self):
        uri, registry = self.repository("e2e/life", imageTagMutability="IMMUTABLE")
        self.ecr.put_lifecycle_policy(repositoryName="e2e/life", lifecyclePolicyText=KEEP_ONE)
        self.login(registry)
        image_one = tiny_image("minecs-e2e-ecr/one:latest", "one")
        image_two = tiny_image("minecs-e2e-ecr/two:latest", "two")
        type(self).made_tags.update([image_one, image_two])
        first, _ = self.push(self.tag(image_one, uri + ":one"))
        second, _ = self.push(self.tag(image_two, uri + ":two"))

        def only_second():
            ids = self.ecr.list_images(repositoryName="e2e/life")["imageIds"]
            return ids if [i["imageDigest"] for i in ids] == [second] else None

        wait_for(only_second, timeout=10, message="the lifecycle policy expiring the first push")
        self.assertNotEqual(first, second)
        # The registry lost it too: the expired tag no longer pulls.
        gone = self.docker_cli("pull", uri + ":one", check=False)
        self.assertNotEqual(gone.returncode, 0)

        # IMMUTABLE: the same tag with another manifest is refused, the same manifest is not.
        self.tag(image_one, uri + ":two")
        _, r = self.push(uri + ":two", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("cannot be overwritten because the repository is immutable", r.stderr)
        self.tag(image_two, uri + ":two")
        again, _ = self.push(uri + ":two")
        self.assertEqual(again, second)
        self.docker_cli("logout", registry)

    def test_the_registry_is_restarted_when_it_dies(self):
        _, registry = self.repository("e2e/phoenix")
        first = wait_for(self.registry_pid, timeout=10, message="the registry process")
        os.kill(first, signal.SIGKILL)
        wait_for(lambda: self.registry_pid() not in (None, first), timeout=15,
                 message="a new registry process")
        token = self.ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
        req = urllib.request.Request(f"http://{registry}/v2/",
                                     headers={"Authorization": "Basic " + token})
        with urllib.request.urlopen(req, timeout=10) as r:
            self.assertEqual(r.status, 200)  # (the proxy waits for the new one to listen)

    def test_bad_input_gets_ecrs_errors(self):
        self.ecr.create_repository(repositoryName="e2e/errors")
        self.assertClientError("RepositoryAlreadyExistsException", self.ecr.create_repository,
                               repositoryName="e2e/errors")
        self.assertClientError("InvalidParameterException", self.ecr.create_repository,
                               repositoryName="Bad_Name")
        self.assertClientError("RepositoryNotFoundException", self.ecr.describe_repositories,
                               repositoryNames=["e2e/none"])
        self.assertClientError("LifecyclePolicyNotFoundException", self.ecr.get_lifecycle_policy,
                               repositoryName="e2e/errors")
        # A tagged rule without tagPrefixList or tagPatternList.
        untargeted = json.dumps({"rules": [{"rulePriority": 1, "selection": {
            "tagStatus": "tagged", "countType": "imageCountMoreThan", "countNumber": 1},
            "action": {"type": "expire"}}]})
        with self.assertRaises(self.ecr.exceptions.InvalidParameterException) as cm:
            self.ecr.put_lifecycle_policy(repositoryName="e2e/errors",
                                          lifecyclePolicyText=untargeted)
        self.assertIn("Lifecycle policy validation failure", str(cm.exception))
        self.assertClientError("ImageNotFoundException", self.ecr.describe_images,
                               repositoryName="e2e/errors", imageIds=[{"imageTag": "v9"}])
        failed = self.ecr.batch_delete_image(repositoryName="e2e/errors",
                                             imageIds=[{"imageTag": "v9"}])["failures"]
        self.assertEqual(failed[0]["failureCode"], "ImageNotFound")
        r = self.server.aws("ecr", "delete-repository", "--repository-name", "e2e/none",
                            check=False)
        self.assertIn("RepositoryNotFoundException", r.stderr)
        listed = self.server.aws("ecr", "describe-repositories")["repositories"]
        self.assertEqual([x["repositoryName"] for x in listed], ["e2e/errors"])
        self.ecr.delete_repository(repositoryName="e2e/errors")


class EcrWithoutDockerTest(ServerTestCase):
    """--no-docker keeps ECR's registry: a client without Docker pushes through the registry API
    (as skopeo or crane do) and ECR shows what was pushed."""
    server_args = ("--no-docker",)

    def test_a_push_over_the_registry_api_becomes_an_image(self):
        ecr = self.server.client("ecr")
        uri = ecr.create_repository(repositoryName="nodocker/app")["repository"]["repositoryUri"]
        base = "http://" + uri.split("/")[0]
        token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]

        def call(method, url, body=b"", content_type="application/octet-stream"):
            req = urllib.request.Request(urllib.parse.urljoin(base, url), data=body,
                                         method=method, headers={
                                             "Authorization": "Basic " + token,
                                             "Content-Type": content_type})
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.headers

        def blob(data):
            digest = "sha256:" + hashlib.sha256(data).hexdigest()
            _, headers = call("POST", "/v2/nodocker/app/blobs/uploads/")
            location = headers["Location"]
            status, _ = call("PUT", location + ("&" if "?" in location else "?") +
                             "digest=" + digest, data)
            self.assertEqual(status, 201)
            return {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "size": len(data), "digest": digest}

        layer = blob(gzip.compress(b"not really a tar, the registry does not look"))
        config = blob(json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {
            "type": "layers", "diff_ids": [layer["digest"]]}}).encode())
        config["mediaType"] = "application/vnd.docker.container.image.v1+json"
        manifest = json.dumps({
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": config, "layers": [layer]}).encode()
        status, _ = call("PUT", "/v2/nodocker/app/manifests/v1", manifest,
                         "application/vnd.docker.distribution.manifest.v2+json")
        self.assertEqual(status, 201)
        image = ecr.describe_images(repositoryName="nodocker/app")["imageDetails"][0]
        self.assertEqual((image["imageTags"], image["imageDigest"], image["imageSizeInBytes"]),
                         (["v1"], "sha256:" + hashlib.sha256(manifest).hexdigest(),
                          layer["size"] + config["size"]))


if __name__ == "__main__":
    unittest.main()
