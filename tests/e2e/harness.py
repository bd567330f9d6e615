"""Starts the real minecs binary for end-to-end tests and hands out real clients (boto3, AWS CLI v2).

The binary comes from MINECS_BIN (set by ctest); each server gets its own data directory and a free
port chosen by the kernel (--port 0), read back from the line minecs logs when it listens.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.request

import boto3
from botocore.config import Config

from aws_cli import AwsCli

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MINECS_BIN = os.environ.get("MINECS_BIN", os.path.join(ROOT, "build", "minecs"))
AWS_CLI_V2 = "/usr/bin/aws"
AWS_CLI = AwsCli(AWS_CLI_V2)  # its commands, in one process of its own (aws_cli.py says why)
REGION = "us-east-1"
ACCOUNT = "000000000000"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}


class MinecsServer:
    """One minecs process; start() again after stop()/kill() reuses the same data directory."""

    def __init__(self, *extra_args, data_dir=None, env=None, ephemeral=False, binary=None):
        self.extra_args = list(extra_args)
        # Another minecs than the test build's (the installed package's), or a script that
        # ends in one (scripts/run.sh).
        self.binary = binary
        # --ephemeral: SIGTERM ends the instance (for servers that are never restarted).
        self.ephemeral = ephemeral
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="minecs-e2e-")
        self.env = env or {}
        self.proc = None
        self.port = None
        self.log_lines = []

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=20):
        env = dict(os.environ)
        env.update(self.env)
        args = [self.binary or MINECS_BIN, "--port", str(self.port or 0),
                "--data-dir", self.data_dir, *(["--ephemeral=true"] if self.ephemeral else []),
                *self.extra_args]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=env, text=True)
        listening = threading.Event()

        def pump():
            for line in self.proc.stdout:
                self.log_lines.append(line)
                m = re.search(r"listening on http://[\d.]+:(\d+)", line)
                if m:
                    self.port = int(m.group(1))
                    listening.set()

        threading.Thread(target=pump, daemon=True).start()
        if not listening.wait(timeout):
            self.kill()
            raise RuntimeError("minecs did not start:\n" + "".join(self.log_lines))
        return self

    def stop(self, timeout=15):
        """SIGTERM, as a user's Ctrl-C or a container stop; returns the exit code."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout)
        return self.proc.returncode if self.proc else None

    def kill(self):
        """SIGKILL: nothing gets to flush."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def cleanup(self):
        """Ends the instance, leaving nothing behind: the reset call removes every container,
        network, volume and iptables rule it made (an --ephemeral server does that itself on
        SIGTERM), then the server stops and its data directory goes. What a server that is no
        longer running left is removed by the next minecs that starts, as its data directory is
        gone."""
        if not self.ephemeral and self.proc and self.proc.poll() is None and self.port:
            req = urllib.request.Request(self.endpoint + "/_minecs/reset", data=b"",
                                         method="POST")
            try:
                urllib.request.urlopen(req, timeout=120).read()
            except OSError:
                pass  # it still stops, and its objects go with the data directory
        self.stop(timeout=120)
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def client(self, service="ecs", region=REGION, **keys):
        """A boto3 client of this server, signed with test/test unless `keys` says otherwise."""
        keys.setdefault("aws_access_key_id", "test")
        keys.setdefault("aws_secret_access_key", "test")
        return boto3.client(service, endpoint_url=self.endpoint, region_name=region,
                            config=Config(retries={"max_attempts": 1}), **keys)

    def raw(self, target, body, headers=None, path="/", method="POST"):
        """A hand-made request, for what SDKs never send. Returns (status, headers, json or text)."""
        data = body if isinstance(body, bytes) else body.encode()
        h = {"Content-Type": "application/x-amz-json-1.1"}
        if target is not None:
            h["X-Amz-Target"] = target
        h.update(headers or {})
        req = urllib.request.Request(self.endpoint + path, data=data if method == "POST" else None,
                                     headers=h, method=method)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                status, hdrs, text = r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as e:
            status, hdrs, text = e.code, dict(e.headers), e.read().decode()
        try:
            return status, hdrs, json.loads(text)
        except ValueError:
            return status, hdrs, text

    def aws(self, *args, region=REGION, check=True):
        """AWS CLI v2 (Debian's awscli), JSON output parsed."""
        env = dict(os.environ)
        env.update(CREDENTIALS)
        env["AWS_DEFAULT_REGION"] = region
        env["AWS_PAGER"] = ""
        env.pop("AWS_PROFILE", None)
        r = AWS_CLI.run(["--endpoint-url", self.endpoint, "--output", "json", *args], env,
                        timeout=120)
        if check and r.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} failed ({r.returncode}): {r.stderr}")
        if r.returncode != 0:
            return r
        return json.loads(r.stdout) if r.stdout.strip() else {}


class ServerTestCase(unittest.TestCase):
    """One minecs per test class, state reset between tests through the reset endpoint."""

    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.server = MinecsServer(*cls.server_args).start()
        cls.ecs = cls.server.client()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def setUp(self):
        status, _, _ = self.server.raw(None, b"", path="/_minecs/reset")
        self.assertEqual(status, 200)

    def assertClientError(self, code, fn, *args, **kwargs):
        with self.assertRaises(self.ecs.exceptions.ClientError) as cm:
            fn(*args, **kwargs)
        self.assertEqual(cm.exception.response["Error"]["Code"], code,
                         cm.exception.response["Error"])
        return cm.exception.response


def wait_for(predicate, timeout=30, interval=0.2, message="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")


def cluster_arn(name, region=REGION):
    return f"arn:aws:ecs:{region}:{ACCOUNT}:cluster/{name}"


def tags_of(tags):
    """ECS's [{"key": ..., "value": ...}] as a dict; None (no tags in the answer) as {}."""
    return {t["key"]: t["value"] for t in tags or []}


def settings_of(cluster):
    """A cluster's settings as a dict of name to value."""
    return {s["name"]: s["value"] for s in cluster.get("settings", [])}
