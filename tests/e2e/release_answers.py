"""The calls whose answers a data directory of an earlier release must keep giving after an upgrade.

record_answers(server) makes them, as raw JSON on the wire (so timestamps and field order are
compared exactly), over every resource in the data directory; the fixture maker
(tests/store/fixtures/make_release_fixture.py) stores them for the release, test_upgrade compares.
"""
import json

ECS = "AmazonEC2ContainerServiceV20141113."


def _call(server, operation, body):
    status, _, answer = server.raw(ECS + operation, json.dumps(body))
    if status != 200:
        raise RuntimeError(f"{operation} {body}: {status} {answer}")
    return answer


def record_answers(server):
    """{"<Operation> <input>": answer} for the clusters, definitions, services and tasks."""
    out = {}

    def call(operation, body):
        answer = _call(server, operation, body)
        out[f"{operation} {json.dumps(body, sort_keys=True)}"] = answer
        return answer

    clusters = call("ListClusters", {})["clusterArns"]
    call("DescribeClusters", {"clusters": clusters,
                              "include": ["ATTACHMENTS", "SETTINGS", "STATISTICS", "TAGS"]})
    for definition in call("ListTaskDefinitions", {})["taskDefinitionArns"]:
        call("DescribeTaskDefinition", {"taskDefinition": definition, "include": ["TAGS"]})
    for cluster in clusters:
        services = call("ListServices", {"cluster": cluster})["serviceArns"]
        if services:
            call("DescribeServices", {"cluster": cluster, "services": services,
                                      "include": ["TAGS"]})
        for status in ("RUNNING", "STOPPED"):
            tasks = call("ListTasks", {"cluster": cluster, "desiredStatus": status})["taskArns"]
            if tasks:
                call("DescribeTasks", {"cluster": cluster, "tasks": tasks, "include": ["TAGS"]})
        instances = call("ListContainerInstances", {"cluster": cluster})["containerInstanceArns"]
        if instances:
            call("DescribeContainerInstances", {"cluster": cluster,
                                                "containerInstances": instances})
    return out
