"""What the load balancer e2e modules share: a balancer's address as the host finds it (its
DNSName asked of minecs's DNS responder on the gateway of its VPC's network) and a GET that
reports failures instead of raising. Not a test module itself.
"""
import ipaddress
import json
import urllib.error
import urllib.request

from docker_env import docker
from harness import wait_for
from test_task_dns import ask


def vpc_gateways(vpc_id):
    """The gateways of the Docker networks of the VPC (one per minecs instance that has it)."""
    out = []
    for net in docker("network", "ls", "-q", "--filter", f"label=minecs.vpc={vpc_id}").split():
        for config in json.loads(docker("network", "inspect", net))[0]["IPAM"]["Config"] or []:
            # Docker records no gateway when none was asked for: it took the first address.
            out.append(config.get("Gateway") or
                       str(ipaddress.ip_network(config["Subnet"]).network_address + 1))
    return out


def balancer_address(load_balancer, timeout=30):
    """The IPv4 address the balancer's DNSName resolves to, once its VPC's network has one."""
    def resolve():
        for gateway in vpc_gateways(load_balancer["VpcId"]):
            try:
                rcode, answers = ask((gateway, 53), load_balancer["DNSName"])
            except OSError:
                continue
            if rcode == 0 and answers:
                return answers[0][0]
        return None
    return wait_for(resolve, timeout=timeout, interval=0.5,
                    message=f"an address for {load_balancer['DNSName']}")


def fetch(url, timeout=5):
    """(status, body) of a GET, or (None, reason) when the connection fails."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode().strip()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode().strip()
    except (urllib.error.URLError, ConnectionError, OSError) as e:
        return None, str(e)
