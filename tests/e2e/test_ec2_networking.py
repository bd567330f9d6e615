"""EC2 networking records end to end, through the EC2 protocol: boto3 and AWS CLI v2 see each
region's default VPC, create and delete VPCs, subnets and security groups with EC2's rules and
errors, and filter and tag them. Records only: nothing here reaches Docker."""
import time
import unittest

from harness import REGION, ServerTestCase


class Ec2TestCase(ServerTestCase):
    server_args = ("--no-docker=true",)

    def setUp(self):
        super().setUp()
        self.ec2 = self.server.client("ec2")

    def assertCode(self, code, fn, **kwargs):
        with self.assertRaises(self.ec2.exceptions.ClientError) as cm:
            fn(**kwargs)
        self.assertEqual(cm.exception.response["Error"]["Code"], code, cm.exception.response)


class DefaultVpcTest(Ec2TestCase):
    def test_each_region_has_a_default_vpc_with_a_subnet_per_zone(self):
        for region in (REGION, "eu-west-1"):
            ec2 = self.server.client("ec2", region=region)
            vpcs = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
            self.assertEqual(len(vpcs), 1)
            self.assertEqual(vpcs[0]["CidrBlock"], "172.31.0.0/16")
            self.assertTrue(vpcs[0]["IsDefault"])
            subnets = ec2.describe_subnets(
                Filters=[{"Name": "vpc-id", "Values": [vpcs[0]["VpcId"]]}])["Subnets"]
            zones = sorted(s["AvailabilityZone"] for s in subnets)
            self.assertEqual(zones, [f"{region}a", f"{region}b", f"{region}c"])
            self.assertTrue(all(s["DefaultForAz"] for s in subnets))
            self.assertTrue(all(s["AvailableIpAddressCount"] == 4091 for s in subnets))
            groups = ec2.describe_security_groups(
                Filters=[{"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]
            self.assertEqual([g["VpcId"] for g in groups], [vpcs[0]["VpcId"]])

    def test_availability_zones(self):
        zones = self.ec2.describe_availability_zones()["AvailabilityZones"]
        self.assertEqual([z["ZoneName"] for z in zones], [f"{REGION}a", f"{REGION}b", f"{REGION}c"])
        self.assertTrue(all(z["State"] == "available" for z in zones))


class VpcSubnetTest(Ec2TestCase):
    def test_vpc_subnet_lifecycle_and_errors(self):
        vpc = self.ec2.create_vpc(CidrBlock="10.1.0.0/16", TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "e2e"}]}])["Vpc"]
        vpc_id = vpc["VpcId"]
        self.assertRegex(vpc_id, r"^vpc-[0-9a-f]{17}$")
        self.assertEqual(vpc["Tags"], [{"Key": "Name", "Value": "e2e"}])
        found = self.ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["e2e"]}])["Vpcs"]
        self.assertEqual([v["VpcId"] for v in found], [vpc_id])

        subnet = self.ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.1.1.0/24",
                                        AvailabilityZone=f"{REGION}b")["Subnet"]
        self.assertEqual(subnet["AvailableIpAddressCount"], 251)
        self.assertEqual(subnet["AvailabilityZone"], f"{REGION}b")
        self.assertCode("InvalidSubnet.Conflict", self.ec2.create_subnet, VpcId=vpc_id,
                        CidrBlock="10.1.1.128/25")
        self.assertCode("InvalidSubnet.Range", self.ec2.create_subnet, VpcId=vpc_id,
                        CidrBlock="10.2.0.0/24")
        self.assertCode("InvalidVpc.Range", self.ec2.create_vpc, CidrBlock="10.0.0.0/8")
        self.assertCode("InvalidVpcID.NotFound", self.ec2.describe_vpcs,
                        VpcIds=["vpc-0123456789abcdef0"])

        # A VPC with a subnet cannot go; without one it can, and is gone.
        self.assertCode("DependencyViolation", self.ec2.delete_vpc, VpcId=vpc_id)
        self.ec2.delete_subnet(SubnetId=subnet["SubnetId"])
        self.ec2.delete_vpc(VpcId=vpc_id)
        self.assertCode("InvalidVpcID.NotFound", self.ec2.describe_vpcs, VpcIds=[vpc_id])

    def test_vpc_attributes(self):
        vpc_id = self.ec2.create_vpc(CidrBlock="10.3.0.0/16")["Vpc"]["VpcId"]
        self.ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
        r = self.ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsHostnames")
        self.assertTrue(r["EnableDnsHostnames"]["Value"])
        self.ec2.delete_vpc(VpcId=vpc_id)


class SecurityGroupTest(Ec2TestCase):
    def test_rules_by_port_and_source(self):
        vpc_id = self.ec2.create_vpc(CidrBlock="10.4.0.0/16")["Vpc"]["VpcId"]
        web = self.ec2.create_security_group(GroupName="web", Description="web",
                                             VpcId=vpc_id)["GroupId"]
        db = self.ec2.create_security_group(GroupName="db", Description="db",
                                            VpcId=vpc_id)["GroupId"]
        self.assertCode("InvalidGroup.Duplicate", self.ec2.create_security_group,
                        GroupName="web", Description="again", VpcId=vpc_id)
        rules = self.ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
             "UserIdGroupPairs": [{"GroupId": web}]}])["SecurityGroupRules"]
        self.assertEqual(len(rules), 1)
        self.assertRegex(rules[0]["SecurityGroupRuleId"], r"^sgr-[0-9a-f]{17}$")
        self.assertCode("InvalidPermission.Duplicate", self.ec2.authorize_security_group_ingress,
                        GroupId=db, IpPermissions=[
                            {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                             "UserIdGroupPairs": [{"GroupId": web}]}])

        group = self.ec2.describe_security_groups(GroupIds=[db])["SecurityGroups"][0]
        self.assertEqual(group["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"], web)
        # The default egress rule: everything out.
        self.assertEqual(group["IpPermissionsEgress"][0]["IpProtocol"], "-1")
        self.assertEqual(group["IpPermissionsEgress"][0]["IpRanges"][0]["CidrIp"], "0.0.0.0/0")

        # web is referenced by db's rule: it cannot go until the rule does.
        self.assertCode("DependencyViolation", self.ec2.delete_security_group, GroupId=web)
        self.ec2.revoke_security_group_ingress(
            GroupId=db, SecurityGroupRuleIds=[rules[0]["SecurityGroupRuleId"]])
        listed = self.ec2.describe_security_group_rules(
            Filters=[{"Name": "group-id", "Values": [db]}])["SecurityGroupRules"]
        self.assertTrue(all(r["IsEgress"] for r in listed))
        self.ec2.delete_security_group(GroupId=web)
        self.ec2.delete_security_group(GroupId=db)
        self.ec2.delete_vpc(VpcId=vpc_id)

    def test_cli(self):
        vpc = self.server.aws("ec2", "create-vpc", "--cidr-block", "10.5.0.0/16")["Vpc"]
        group = self.server.aws("ec2", "create-security-group", "--group-name", "cli",
                                "--description", "from the CLI", "--vpc-id", vpc["VpcId"])
        self.server.aws("ec2", "authorize-security-group-ingress", "--group-id",
                        group["GroupId"], "--protocol", "tcp", "--port", "80", "--cidr",
                        "10.0.0.0/8")
        found = self.server.aws("ec2", "describe-security-groups", "--filters",
                                f"Name=vpc-id,Values={vpc['VpcId']}",
                                "Name=group-name,Values=cli")["SecurityGroups"]
        self.assertEqual(len(found), 1)
        perm = found[0]["IpPermissions"][0]
        self.assertEqual((perm["FromPort"], perm["ToPort"], perm["IpRanges"][0]["CidrIp"]),
                         (80, 80, "10.0.0.0/8"))
        r = self.server.aws("ec2", "delete-vpc", "--vpc-id", vpc["VpcId"], check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("DependencyViolation", r.stderr)


class VpcEndpointTest(Ec2TestCase):
    def test_gateway_and_interface_endpoints(self):
        vpc_id = self.ec2.create_vpc(CidrBlock="10.6.0.0/16")["Vpc"]["VpcId"]
        self.ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
        table = self.ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
        subnet = self.ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.6.1.0/24",
                                        AvailabilityZone=f"{REGION}a")["Subnet"]["SubnetId"]
        s3 = f"com.amazonaws.{REGION}.s3"
        gateways = self.ec2.describe_vpc_endpoint_services(
            Filters=[{"Name": "service-type", "Values": ["Gateway"]}])["ServiceNames"]
        self.assertIn(s3, gateways)

        made = self.ec2.create_vpc_endpoint(VpcId=vpc_id, ServiceName=s3, ClientToken="e2e-1",
                                            RouteTableIds=[table])
        self.assertEqual(made["ClientToken"], "e2e-1")
        gw = made["VpcEndpoint"]
        self.assertLess(abs(gw["CreationTimestamp"].timestamp() - time.time()), 60)
        self.assertRegex(gw["VpcEndpointId"], r"^vpce-[0-9a-f]{17}$")
        self.assertEqual((gw["VpcEndpointType"], gw["State"]), ("Gateway", "available"))
        pl = self.ec2.describe_prefix_lists(
            Filters=[{"Name": "prefix-list-name", "Values": [s3]}])["PrefixLists"][0]
        routes = self.ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
        self.assertIn((pl["PrefixListId"], gw["VpcEndpointId"]),
                      [(r.get("DestinationPrefixListId"), r["GatewayId"]) for r in routes])

        itf = self.ec2.create_vpc_endpoint(
            VpcId=vpc_id, VpcEndpointType="Interface", ServiceName=f"com.amazonaws.{REGION}.logs",
            SubnetIds=[subnet], PrivateDnsEnabled=True,
            TagSpecifications=[{"ResourceType": "vpc-endpoint",
                                "Tags": [{"Key": "Name", "Value": "logs"}]}])["VpcEndpoint"]
        self.assertEqual(itf["SubnetIds"], [subnet])
        self.assertEqual(itf["Groups"][0]["GroupName"], "default")
        names = [d["DnsName"] for d in itf["DnsEntries"]]
        self.assertTrue(names[0].endswith(f".logs.{REGION}.vpce.amazonaws.com"), names)
        self.assertIn(f"logs.{REGION}.amazonaws.com", names)

        found = self.ec2.describe_vpc_endpoints(Filters=[
            {"Name": "vpc-id", "Values": [vpc_id]},
            {"Name": "vpc-endpoint-type", "Values": ["Interface"]}])["VpcEndpoints"]
        self.assertEqual([e["VpcEndpointId"] for e in found], [itf["VpcEndpointId"]])
        found = self.ec2.describe_vpc_endpoints(
            Filters=[{"Name": "tag:Name", "Values": ["logs"]}])["VpcEndpoints"]
        self.assertEqual([e["VpcEndpointId"] for e in found], [itf["VpcEndpointId"]])
        self.assertCode("InvalidServiceName", self.ec2.create_vpc_endpoint, VpcId=vpc_id,
                        ServiceName=f"com.amazonaws.{REGION}.nothing")

        # Modify: the gateway leaves its table, the interface endpoint drops private DNS.
        self.ec2.modify_vpc_endpoint(VpcEndpointId=gw["VpcEndpointId"],
                                     RemoveRouteTableIds=[table])
        routes = self.ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
        self.assertEqual([r["GatewayId"] for r in routes], ["local"])
        self.ec2.modify_vpc_endpoint(VpcEndpointId=itf["VpcEndpointId"], PrivateDnsEnabled=False)
        now = self.ec2.describe_vpc_endpoints(
            VpcEndpointIds=[itf["VpcEndpointId"]])["VpcEndpoints"][0]
        self.assertFalse(now["PrivateDnsEnabled"])

        self.assertCode("DependencyViolation", self.ec2.delete_subnet, SubnetId=subnet)
        self.assertCode("DependencyViolation", self.ec2.delete_vpc, VpcId=vpc_id)
        out = self.ec2.delete_vpc_endpoints(
            VpcEndpointIds=[gw["VpcEndpointId"], itf["VpcEndpointId"], "vpce-0123456789abcdef0"])
        self.assertEqual([(u["ResourceId"], u["Error"]["Code"]) for u in out["Unsuccessful"]],
                         [("vpce-0123456789abcdef0", "InvalidVpcEndpointId.NotFound")])
        self.assertCode("InvalidVpcEndpointId.NotFound", self.ec2.describe_vpc_endpoints,
                        VpcEndpointIds=[gw["VpcEndpointId"]])
        self.ec2.delete_subnet(SubnetId=subnet)
        self.ec2.delete_route_table(RouteTableId=table)
        self.ec2.delete_vpc(VpcId=vpc_id)

    def test_cli(self):
        vpc = self.server.aws("ec2", "create-vpc", "--cidr-block", "10.7.0.0/16")["Vpc"]
        vpc_id = vpc["VpcId"]
        table = self.server.aws("ec2", "create-route-table", "--vpc-id",
                                vpc_id)["RouteTable"]["RouteTableId"]
        e = self.server.aws("ec2", "create-vpc-endpoint", "--vpc-id", vpc_id, "--service-name",
                            f"com.amazonaws.{REGION}.dynamodb", "--route-table-ids",
                            table)["VpcEndpoint"]
        found = self.server.aws("ec2", "describe-vpc-endpoints", "--filters",
                                f"Name=service-name,Values=com.amazonaws.{REGION}.dynamodb",
                                f"Name=vpc-id,Values={vpc_id}")["VpcEndpoints"]
        self.assertEqual([f["VpcEndpointId"] for f in found], [e["VpcEndpointId"]])
        self.assertEqual(found[0]["RouteTableIds"], [table])
        tables = self.server.aws("ec2", "describe-route-tables", "--filters",
                                 f"Name=route.gateway-id,Values={e['VpcEndpointId']}")
        self.assertEqual([t["RouteTableId"] for t in tables["RouteTables"]], [table])
        out = self.server.aws("ec2", "delete-vpc-endpoints", "--vpc-endpoint-ids",
                              e["VpcEndpointId"])
        self.assertEqual(out.get("Unsuccessful", []), [])
        self.server.aws("ec2", "delete-route-table", "--route-table-id", table)
        self.server.aws("ec2", "delete-vpc", "--vpc-id", vpc_id)



class NatGatewayTest(Ec2TestCase):
    """An elastic IP, a public NAT gateway that holds it, a private subnet's default route
    through the gateway, then everything taken down again in the order Terraform uses."""

    def test_allocate_nat_route_delete_release(self):
        vpc_id = self.ec2.create_vpc(CidrBlock="10.6.0.0/16")["Vpc"]["VpcId"]
        public = self.ec2.create_subnet(VpcId=vpc_id,
                                        CidrBlock="10.6.0.0/24")["Subnet"]["SubnetId"]
        igw = self.ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        self.ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc_id)
        eip = self.ec2.allocate_address(Domain="vpc", TagSpecifications=[
            {"ResourceType": "elastic-ip", "Tags": [{"Key": "Name", "Value": "nat-eip"}]}])
        self.assertRegex(eip["AllocationId"], r"^eipalloc-[0-9a-f]{17}$")
        self.assertEqual(eip["Domain"], "vpc")

        nat = self.ec2.create_nat_gateway(
            SubnetId=public, AllocationId=eip["AllocationId"],
            TagSpecifications=[{"ResourceType": "natgateway",
                                "Tags": [{"Key": "Name", "Value": "e2e-nat"}]}])["NatGateway"]
        nat_id = nat["NatGatewayId"]
        self.assertRegex(nat_id, r"^nat-[0-9a-f]{17}$")
        self.assertEqual(nat["State"], "pending")
        self.ec2.get_waiter("nat_gateway_available").wait(
            NatGatewayIds=[nat_id], WaiterConfig={"Delay": 1, "MaxAttempts": 5})
        found = self.ec2.describe_nat_gateways(
            Filter=[{"Name": "vpc-id", "Values": [vpc_id]},
                    {"Name": "tag:Name", "Values": ["e2e-nat"]}])["NatGateways"]
        self.assertEqual([n["NatGatewayId"] for n in found], [nat_id])
        address = found[0]["NatGatewayAddresses"][0]
        self.assertEqual(address["PublicIp"], eip["PublicIp"])
        self.assertEqual(address["PrivateIp"], "10.6.0.254")
        shown = self.ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"][0]
        self.assertEqual(shown["NetworkInterfaceId"], address["NetworkInterfaceId"])
        self.assertEqual(shown["Tags"], [{"Key": "Name", "Value": "nat-eip"}])
        self.assertCode("InvalidIPAddress.InUse", self.ec2.release_address,
                        AllocationId=eip["AllocationId"])

        private = self.ec2.create_subnet(VpcId=vpc_id,
                                         CidrBlock="10.6.1.0/24")["Subnet"]["SubnetId"]
        table = self.ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
        self.ec2.associate_route_table(RouteTableId=table, SubnetId=private)
        self.ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0",
                              NatGatewayId=nat_id)
        routes = self.ec2.describe_route_tables(
            Filters=[{"Name": "route.nat-gateway-id", "Values": [nat_id]}])["RouteTables"]
        self.assertEqual([r["RouteTableId"] for r in routes], [table])
        self.assertEqual([(r["DestinationCidrBlock"], r.get("NatGatewayId"), r["State"])
                          for r in routes[0]["Routes"]],
                         [("10.6.0.0/16", None, "active"), ("0.0.0.0/0", nat_id, "active")])
        self.assertCode("DependencyViolation", self.ec2.delete_subnet, SubnetId=public)

        self.ec2.delete_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0")
        self.assertEqual(self.ec2.delete_nat_gateway(NatGatewayId=nat_id)["NatGatewayId"], nat_id)
        self.ec2.get_waiter("nat_gateway_deleted").wait(
            NatGatewayIds=[nat_id], WaiterConfig={"Delay": 1, "MaxAttempts": 5})
        self.ec2.release_address(AllocationId=eip["AllocationId"])
        self.assertCode("InvalidAllocationID.NotFound", self.ec2.describe_addresses,
                        AllocationIds=[eip["AllocationId"]])
        assoc = self.ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0][
            "Associations"][0]["RouteTableAssociationId"]
        self.ec2.disassociate_route_table(AssociationId=assoc)
        self.ec2.delete_route_table(RouteTableId=table)
        self.ec2.delete_subnet(SubnetId=private)
        self.ec2.delete_subnet(SubnetId=public)
        self.ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=vpc_id)
        self.ec2.delete_internet_gateway(InternetGatewayId=igw)
        self.ec2.delete_vpc(VpcId=vpc_id)

    def test_cli(self):
        vpc = self.server.aws("ec2", "create-vpc", "--cidr-block", "10.7.0.0/16")["Vpc"]
        subnet = self.server.aws("ec2", "create-subnet", "--vpc-id", vpc["VpcId"],
                                 "--cidr-block", "10.7.0.0/24")["Subnet"]
        eip = self.server.aws("ec2", "allocate-address", "--domain", "vpc")
        igw = self.server.aws("ec2", "create-internet-gateway")["InternetGateway"]
        self.server.aws("ec2", "attach-internet-gateway", "--internet-gateway-id",
                        igw["InternetGatewayId"], "--vpc-id", vpc["VpcId"])
        nat = self.server.aws("ec2", "create-nat-gateway", "--subnet-id", subnet["SubnetId"],
                              "--allocation-id", eip["AllocationId"])["NatGateway"]
        self.server.aws("ec2", "wait", "nat-gateway-available", "--nat-gateway-ids",
                        nat["NatGatewayId"])
        found = self.server.aws("ec2", "describe-nat-gateways", "--filter",
                                f"Name=subnet-id,Values={subnet['SubnetId']}")["NatGateways"]
        self.assertEqual([(n["NatGatewayId"], n["State"]) for n in found],
                         [(nat["NatGatewayId"], "available")])
        addresses = self.server.aws("ec2", "describe-addresses", "--filters",
                                    "Name=domain,Values=vpc",
                                    f"Name=public-ip,Values={eip['PublicIp']}")["Addresses"]
        self.assertEqual(addresses[0]["NetworkInterfaceId"],
                         found[0]["NatGatewayAddresses"][0]["NetworkInterfaceId"])
        r = self.server.aws("ec2", "release-address", "--allocation-id", eip["AllocationId"],
                            check=False)
        self.assertIn("InvalidIPAddress.InUse", r.stderr)
        self.server.aws("ec2", "delete-nat-gateway", "--nat-gateway-id", nat["NatGatewayId"])
        gone = self.server.aws("ec2", "describe-nat-gateways", "--nat-gateway-ids",
                               nat["NatGatewayId"])["NatGateways"]
        self.assertEqual(gone[0]["State"], "deleted")
        self.server.aws("ec2", "release-address", "--allocation-id", eip["AllocationId"])


if __name__ == "__main__":
    unittest.main()
