"""No leaks across runs: a CI host starts minecs with a fresh data directory, runs a task and stops
it, thousands of times, and keeps no Docker network, container or iptables rule of those runs.

Every object minecs makes is labelled with its instance's data directory (minecs.data-dir). The
objects are counted by that label, for data directories under this test's own temporary root, so
that other tests sharing the daemon neither disturb the counts nor are touched; iptables rules (the
169.254.170.2 DNAT rule, comment minecs-agent, one per cluster bridge) are counted by the bridges
of this test's networks.
"""
import ipaddress
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import uuid

from docker_env import TEST_IMAGE, docker, require_docker
from harness import MinecsServer, wait_for

DATA_DIR_LABEL = "minecs.data-dir"
DEFAULT_POOL = ipaddress.ip_network("10.224.0.0/12")
DEFAULT_VPC = ipaddress.ip_network("172.31.0.0/16")
LONG = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
AWSVPC = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0a1b2c3d"]}}
# Two rounds of the four kinds of run (plain or --ephemeral, bridge or awsvpc).
CYCLES = 8


def labelled(kind, data_dir):
    """Ids of the containers or networks labelled with DATA_DIR."""
    if kind == "container":
        out = docker("ps", "-aq", "--no-trunc", "--filter", f"label={DATA_DIR_LABEL}={data_dir}")
    else:
        out = docker("network", "ls", "-q", "--no-trunc", "--filter",
                     f"label={DATA_DIR_LABEL}={data_dir}")
    return out.split() if out else []


def agent_rules(bridges=None):
    """minecs's agent DNAT rules, those on BRIDGES when given."""
    r = subprocess.run(["iptables", "-w", "-t", "nat", "-S", "PREROUTING"], capture_output=True,
                       text=True, timeout=30)
    rules = [line for line in r.stdout.splitlines() if "minecs-agent" in line]
    if bridges is None:
        return rules
    return [line for line in rules if any(f"-i {b} " in line + " " for b in bridges)]


class NoLeaksAcrossRuns(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_docker()
        if subprocess.run(["iptables", "-w", "-t", "nat", "-S", "PREROUTING"],
                          capture_output=True).returncode != 0:
            raise unittest.SkipTest("iptables (nat) is not usable here")

    def setUp(self):
        # realpath: minecs labels its data directory's absolute, symlink-free path.
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="minecs-leaks-"))
        self.dirs = []
        self.bridges = set()
        self.servers = []
        self.addCleanup(self.cleanup)

    def leftovers(self):
        return any(labelled("container", d) or labelled("network", d) for d in self.dirs)

    def cleanup(self):
        for s in self.servers:
            s.cleanup()
        if self.leftovers():
            # A server this test stopped plainly left its objects; with every data directory
            # gone, a new server's start-up sweep removes them, agent rules included.
            sweeper = MinecsServer(data_dir=os.path.join(self.root, "sweeper"), ephemeral=True)
            try:
                sweeper.start()
                wait_for(lambda: not self.leftovers(), timeout=30, interval=0.2,
                         message="sweep of this test's leftovers")
            except (AssertionError, RuntimeError):
                pass
            finally:
                sweeper.cleanup()
        # The last resort for a failed run: only what this test's own instances made.
        for d in self.dirs:
            ids = labelled("container", d)
            if ids:
                docker("rm", "-f", *ids, check=False)
            for n in labelled("network", d):
                docker("network", "rm", n, check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def counts(self):
        containers = sum(len(labelled("container", d)) for d in self.dirs)
        networks = sum(len(labelled("network", d)) for d in self.dirs)
        return containers, networks, len(agent_rules(self.bridges))

    def server(self, name, ephemeral, *args):
        data_dir = os.path.join(self.root, name)
        self.dirs.append(data_dir)
        s = MinecsServer("--stopped-task-retention", "600", *args, data_dir=data_dir,
                         ephemeral=ephemeral).start()
        self.servers.append(s)
        return s

    def run_task(self, server, awsvpc=False):
        """A running task on a new cluster; returns its ARN once RUNNING."""
        ecs = server.client()
        ecs.create_cluster(clusterName="ci")
        kwargs = {}
        if awsvpc:
            td = ecs.register_task_definition(
                family="ci", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256",
                memory="512", containerDefinitions=[{"name": "app", "image": TEST_IMAGE,
                                                     "command": LONG}])
            kwargs = {"launchType": "FARGATE", "networkConfiguration": AWSVPC}
        else:
            td = ecs.register_task_definition(
                family="ci", containerDefinitions=[{"name": "app", "image": TEST_IMAGE,
                                                    "memory": 64, "command": LONG}])
            kwargs = {"launchType": "EC2"}
        resp = ecs.run_task(cluster="ci", taskDefinition=td["taskDefinition"]["taskDefinitionArn"],
                            **kwargs)
        self.assertEqual(resp["failures"], [])
        arn = resp["tasks"][0]["taskArn"]

        def running():
            t = ecs.describe_tasks(cluster="ci", tasks=[arn])["tasks"][0]
            if t["lastStatus"] == "STOPPED":
                raise AssertionError(f"task stopped: {t.get('stoppedReason')}")
            return t["lastStatus"] == "RUNNING"

        wait_for(running, timeout=60, interval=0.1, message="task RUNNING")
        return arn

    def note_network(self, data_dir, awsvpc):
        """Records this instance's network (the cluster's; for an awsvpc task, its VPC's) and
        checks its subnet and agent rule."""
        nets = labelled("network", data_dir)
        self.assertEqual(len(nets), 1, nets)
        info = json.loads(docker("network", "inspect", nets[0]))[0]
        subnet = ipaddress.ip_network(info["IPAM"]["Config"][0]["Subnet"])
        # The default VPC's network has the VPC's range, or one of the pool when that collided.
        self.assertTrue(subnet.subnet_of(DEFAULT_POOL) or (awsvpc and subnet == DEFAULT_VPC),
                        f"{subnet} neither from minecs's pool nor the default VPC's")
        bridge = "br-" + info["Id"][:12]
        self.bridges.add(bridge)
        self.assertEqual(len(agent_rules({bridge})), 1, agent_rules())

    def test_start_task_stop_cycles(self):
        """Odd runs end with --ephemeral (SIGTERM removes everything); even runs stop plainly and
        their data directory is deleted, as a CI job without the flag does: the next server's
        start-up sweep removes what that gone instance left."""
        started = time.time()
        self.assertEqual(self.counts(), (0, 0, 0))
        for i in range(CYCLES):
            ephemeral = i % 2 == 1
            s = self.server(f"run{i}", ephemeral)
            if i > 0 and (i - 1) % 2 == 0:
                # The previous run left its objects; this server's start-up sweep removes them.
                prev = self.dirs[-2]
                wait_for(lambda: not labelled("container", prev) and not labelled("network", prev),
                         timeout=30, interval=0.1, message=f"sweep of run{i - 1}'s objects")
            self.run_task(s, awsvpc=i % 4 == 3)
            self.note_network(s.data_dir, awsvpc=i % 4 == 3)
            self.assertEqual(s.stop(timeout=60), 0)
            if ephemeral:
                self.assertEqual(labelled("container", s.data_dir), [])
                self.assertEqual(labelled("network", s.data_dir), [])
                self.assertFalse(os.path.exists(s.data_dir), os.listdir(s.data_dir)
                                 if os.path.exists(s.data_dir) else "")
            else:
                # Kept for re-adoption while the data directory exists.
                self.assertNotEqual(labelled("container", s.data_dir), [])
                shutil.rmtree(s.data_dir)
        self.assertEqual(len(self.bridges), CYCLES)
        self.assertEqual(self.counts(), (0, 0, 0))
        print(f"\n{CYCLES} cycles in {time.time() - started:.1f} s", flush=True)

    def test_only_gone_instances_are_swept(self):
        """Servers side by side on one daemon: a running instance and a stopped one whose data
        directory remains keep everything; only the instance whose data directory went loses its
        objects."""
        live = self.server("live", False)
        self.run_task(live)
        stopped = self.server("stopped", False)
        self.run_task(stopped)
        stopped.stop()
        gone = self.server("gone", False)
        self.run_task(gone)
        gone.stop()
        shutil.rmtree(gone.data_dir)
        kept = {d: (labelled("container", d), labelled("network", d))
                for d in (live.data_dir, stopped.data_dir)}
        for containers, networks in kept.values():
            self.assertTrue(containers and networks)
        self.server("newcomer", True)  # its start-up sweep (or another server's) removes "gone"
        wait_for(lambda: not labelled("container", gone.data_dir)
                 and not labelled("network", gone.data_dir),
                 timeout=30, interval=0.1, message="sweep of the gone instance")
        # Which server sweeps it is not asserted: under ctest --parallel another module's server
        # that starts at the same moment may be the one (every server sweeps at start-up).
        for d, (containers, networks) in kept.items():
            self.assertEqual(labelled("container", d), containers, d)
            self.assertEqual(labelled("network", d), networks, d)
        running = docker("ps", "-q", "--no-trunc", "--filter", f"label={DATA_DIR_LABEL}={live.data_dir}")
        self.assertEqual(sorted(running.split()), sorted(kept[live.data_dir][0]))
        # A second server cannot take a data directory that a running one holds.
        twin = MinecsServer(data_dir=live.data_dir)
        with self.assertRaises(RuntimeError):
            twin.start(timeout=5)
        self.assertIn("in use by another minecs server", "".join(twin.log_lines))

    def test_exhausted_pool_says_what_failed(self):
        """A pool whose only subnet another Docker network holds: the task stops, naming the
        pool and the flag, and the log says the same."""
        subnet = "10.239.254.0/24"
        name = "minecs-leaks-blocker-" + uuid.uuid4().hex[:8]
        docker("network", "create", "--subnet", subnet, name)
        self.addCleanup(docker, "network", "rm", name, check=False)
        s = self.server("pool", True, "--network-pool", subnet, "--network-prefix", "24")
        with self.assertRaises(AssertionError) as cm:
            self.run_task(s)
        self.assertIn("ResourceInitializationError", str(cm.exception))
        self.assertIn(f"network pool {subnet}", str(cm.exception))
        self.assertIn("--network-pool", str(cm.exception))
        self.assertTrue(any("network pool" in line and subnet in line and "--network-pool" in line
                            for line in s.log_lines), "".join(s.log_lines))


if __name__ == "__main__":
    unittest.main()
