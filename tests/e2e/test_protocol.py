"""The AWS JSON 1.1 front end under bad input, through raw HTTP; the server must answer each
request with the right error and stay up with its state untouched."""
import http.client
import json
import socket
import threading
import unittest

from harness import ServerTestCase

PREFIX = "AmazonEC2ContainerServiceV20141113"


def header(headers, name):
    for k, v in headers.items():
        if k.lower() == name.lower():
            return v
    return None


class ProtocolTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    def setUp(self):
        super().setUp()
        self.ecs.create_cluster(clusterName="keep", tags=[{"key": "a", "value": "b"}])

    def assertUnchanged(self):
        self.assertEqual(self.ecs.list_clusters()["clusterArns"],
                         ["arn:aws:ecs:us-east-1:000000000000:cluster/keep"])
        tags = self.ecs.list_tags_for_resource(
            resourceArn="arn:aws:ecs:us-east-1:000000000000:cluster/keep")["tags"]
        self.assertEqual(tags, [{"key": "a", "value": "b"}])

    def assertAlive(self):
        status, _, body = self.server.raw(None, b"", path="/health", method="GET")
        self.assertEqual(status, 200)
        self.assertEqual(body["status"], "ok")

    def assertError(self, reply, status, code, mentions=None):
        got_status, headers, body = reply
        self.assertEqual(got_status, status, body)
        self.assertIsInstance(body, dict, body)
        self.assertEqual(body.get("__type"), code, body)
        self.assertIn("message", body)
        self.assertEqual(header(headers, "X-Amzn-ErrorType"), code)
        self.assertTrue(header(headers, "x-amzn-RequestId"))
        if mentions:
            self.assertIn(mentions, body["message"])

    def post(self, operation, body):
        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        return self.server.raw(f"{PREFIX}.{operation}", data)

    def test_unknown_target(self):
        self.assertError(self.server.raw("Nope_20200101.ListClusters", "{}"), 400,
                         "UnknownOperationException")
        self.assertError(self.post("NoSuchOperation", "{}"), 400, "UnknownOperationException",
                         "NoSuchOperation")
        self.assertError(self.server.raw("garbage", "{}"), 400, "UnknownOperationException")
        self.assertUnchanged()

    def test_missing_target(self):
        self.assertError(self.server.raw(None, "{}"), 400, "UnknownOperationException")

    def test_body_not_json(self):
        for body in [b"not json", b"{", b'{"clusterName": }', b"\xff\xfe\x00", b"[]", b"42",
                     b'"string"', b"null"]:
            with self.subTest(body=body):
                self.assertError(self.post("CreateCluster", body), 400, "SerializationException")
        self.assertUnchanged()

    def test_empty_body_is_empty_input(self):
        status, _, body = self.post("ListClusters", b"")
        self.assertEqual(status, 200, body)
        self.assertEqual(len(body["clusterArns"]), 1)

    def test_wrong_member_type(self):
        for body in [{"clusterName": 5}, {"clusterName": ["x"]}, {"clusterName": {"a": 1}},
                     {"tags": "a=b"}, {"tags": [{"key": 1, "value": "v"}]}]:
            with self.subTest(body=body):
                self.assertError(self.post("CreateCluster", body), 400, "SerializationException")
        self.assertError(self.post("ListClusters", {"maxResults": "5"}), 400,
                         "SerializationException", "maxResults")
        self.assertError(self.post("DescribeClusters", {"clusters": "keep"}), 400,
                         "SerializationException", "clusters")
        self.assertUnchanged()

    def test_missing_required(self):
        self.assertError(self.post("DeleteCluster", {}), 400, "InvalidParameterException",
                         "cluster")
        self.assertError(self.post("TagResource", {"resourceArn": "x"}), 400,
                         "InvalidParameterException", "tags")
        self.assertUnchanged()

    def test_null_is_absent(self):
        status, _, body = self.post("ListClusters", {"maxResults": None, "nextToken": None})
        self.assertEqual(status, 200, body)
        self.assertError(self.post("DeleteCluster", {"cluster": None}), 400,
                         "InvalidParameterException")

    def test_enum_violation(self):
        self.assertError(self.post("DescribeClusters", {"include": ["EVERYTHING"]}), 400,
                         "InvalidParameterException", "include")
        self.assertError(self.post("RegisterTaskDefinition", {
            "family": "web", "networkMode": "bogus",
            "containerDefinitions": [{"name": "web", "image": "nginx"}]}), 400,
            "InvalidParameterException", "networkMode")
        self.assertUnchanged()

    def test_huge_body(self):
        body = b'{"clusterName": "' + b"x" * (11 * 1024 * 1024) + b'"}'
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        conn.request("POST", "/", body=body,
                     headers={"X-Amz-Target": f"{PREFIX}.CreateCluster",
                              "Content-Type": "application/x-amz-json-1.1"})
        r = conn.getresponse()
        payload = r.read()
        conn.close()
        self.assertEqual(r.status, 413, payload[:200])
        self.assertTrue(r.getheader("x-amzn-RequestId"))
        self.assertAlive()
        self.assertUnchanged()

    def test_deeply_nested_json(self):
        depth = 10000
        for body in [b'{"clusterName":' + b"[" * depth + b"]" * depth + b"}",
                     b'{"a":' * depth + b"1" + b"}" * depth,
                     b"[" * depth]:
            with self.subTest(body=body[:20]):
                self.assertError(self.post("CreateCluster", body), 400, "SerializationException")
                self.assertAlive()
        self.assertUnchanged()

    def test_request_id_on_every_reply(self):
        replies = [
            self.post("ListClusters", {}),
            self.post("DeleteCluster", {"cluster": "nope"}),
            self.server.raw("garbage", "{}"),
            self.server.raw(None, b"", path="/health", method="GET"),
            self.server.raw(None, b"", path="/no/such/path", method="GET"),
        ]
        ids = set()
        for status, headers, body in replies:
            rid = header(headers, "x-amzn-RequestId")
            self.assertTrue(rid, (status, headers, body))
            ids.add(rid)
        self.assertEqual(len(ids), len(replies))

    def test_boto3_sees_the_request_id(self):
        r = self.ecs.list_clusters()
        self.assertTrue(r["ResponseMetadata"]["RequestId"])

    def test_region_from_the_signature(self):
        eu = self.server.client(region="eu-west-1")
        c = eu.create_cluster(clusterName="euro")["cluster"]
        self.assertEqual(c["clusterArn"], "arn:aws:ecs:eu-west-1:000000000000:cluster/euro")
        self.assertEqual(eu.list_clusters()["clusterArns"], [c["clusterArn"]])
        self.assertNotIn(c["clusterArn"], self.ecs.list_clusters()["clusterArns"])
        r = self.ecs.describe_clusters(clusters=["euro"])
        self.assertEqual(r["clusters"], [])
        self.assertEqual(r["failures"][0]["reason"], "MISSING")
        self.assertUnchanged()

    def test_unimplemented_operation(self):
        reply = self.post("CreateCapacityProvider", {
            "name": "cp",
            "autoScalingGroupProvider": {"autoScalingGroupArn": "arn:aws:autoscaling:x"}})
        self.assertError(reply, 400, "UnsupportedFeatureException", "CreateCapacityProvider")
        with self.assertRaises(self.ecs.exceptions.ClientError) as cm:
            self.ecs.create_capacity_provider(
                name="cp", autoScalingGroupProvider={"autoScalingGroupArn": "arn:aws:autoscaling:x"})
        self.assertIn("CreateCapacityProvider", str(cm.exception))

    def test_health(self):
        status, headers, body = self.server.raw(None, b"", path="/health", method="GET")
        self.assertEqual(status, 200)
        self.assertEqual(body["status"], "ok")

    def test_unknown_path(self):
        status, _, body = self.server.raw(None, b"", path="/nothing", method="GET")
        self.assertEqual(status, 404)
        self.assertEqual(body["__type"], "UnknownOperationException")

    def test_moto_reset_wipes_state(self):
        self.ecs.put_account_setting(name="awsvpcTrunking", value="disabled")
        status, _, body = self.server.raw(None, b"", path="/moto-api/reset")
        self.assertEqual(status, 200, body)
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [])
        self.assertEqual(self.ecs.list_account_settings()["settings"], [])
        # The store is usable after a wipe.
        self.ecs.create_cluster(clusterName="again")
        self.assertEqual(len(self.ecs.list_clusters()["clusterArns"]), 1)

    def test_keep_alive(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        sockets = []
        for i in range(3):
            conn.request("POST", "/", body=b"{}",
                         headers={"X-Amz-Target": f"{PREFIX}.ListClusters",
                                  "Content-Type": "application/x-amz-json-1.1"})
            r = conn.getresponse()
            self.assertEqual(r.status, 200)
            json.loads(r.read())
            sockets.append(conn.sock)
        # http.client reconnects silently when the server closes; the socket shows it did not.
        self.assertTrue(all(s is sockets[0] for s in sockets))
        # An error reply keeps the connection, too.
        conn.request("POST", "/", body=b"{", headers={"X-Amz-Target": f"{PREFIX}.ListClusters"})
        r = conn.getresponse()
        self.assertEqual(r.status, 400)
        r.read()
        self.assertIs(conn.sock, sockets[0])
        conn.close()

    def test_garbage_on_the_socket(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(b"\x16\x03\x01 this is no http\r\n\r\n")
            try:
                data = s.recv(4096)
            except ConnectionResetError:
                data = b""
            if data:
                self.assertTrue(data.startswith(b"HTTP/1.1 400"), data[:100])
        self.assertAlive()
        self.assertUnchanged()

    def test_concurrent_clients(self):
        errors = []

        def work(i):
            try:
                client = self.server.client()
                for j in range(10):
                    client.create_cluster(clusterName=f"t{i}-{j}")
                    client.create_cluster(clusterName="shared")
                    client.describe_clusters(clusters=[f"t{i}-{j}"], include=["STATISTICS"])
            except Exception as e:  # noqa: BLE001 - any failure is the finding
                errors.append(repr(e))

        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        pages = self.ecs.get_paginator("list_clusters").paginate()
        self.assertEqual(sum(len(p["clusterArns"]) for p in pages), 8 * 10 + 2)

    def test_after_all_the_bad_input_state_is_unchanged(self):
        for body in [b"{", b"[]", b'{"clusterName": 1}', b"{}" * 1000, b"[" * 5000]:
            self.post("CreateCluster", body)
            self.post("DeleteCluster", body)
            self.post("TagResource", body)
        self.post("DeleteCluster", {"cluster": "nope"})
        self.post("UntagResource", {"resourceArn": "bad", "tagKeys": ["a"]})
        self.post("CreateCluster", {"clusterName": "bad name!"})
        self.assertAlive()
        self.assertUnchanged()


if __name__ == "__main__":
    unittest.main()
