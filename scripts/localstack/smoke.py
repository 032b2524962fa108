"""Smoke test of a running LocalStack for the APIs cattleprod uses (EC2, Auto Scaling, SSM, STS, IAM).

Run with the venv's python (boto3 comes with LocalStack):
    "${LOCALSTACK_VENV:-$HOME/.cache/cattleprod/localstack-venv}/bin/python" scripts/localstack/smoke.py [endpoint]
Prints one line per operation and a closing "N passed, N failed" line; exits 1 if anything failed.
Creates resources with a random suffix, so it can run against a LocalStack that already has state.
"""

import sys
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

EP = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:4566"
KW = dict(
    endpoint_url=EP,
    region_name="us-east-1",
    aws_access_key_id="test",
    aws_secret_access_key="test",
    config=Config(retries={"max_attempts": 1}),
)
ec2, asg, ssm, sts, iam = (boto3.client(s, **KW) for s in ("ec2", "autoscaling", "ssm", "sts", "iam"))
RUN = uuid.uuid4().hex[:8]
passed = failed = 0


def check(name, fn, expect_error=None):
    """Run fn; it must return a truthy value (or raise ClientError with code expect_error)."""
    global passed, failed
    try:
        out = fn()
        ok = expect_error is None and out not in (None, False, [], {})
        detail = out
    except ClientError as e:
        code = e.response["Error"]["Code"]
        ok = code == expect_error
        detail = f"{code}: {e.response['Error'].get('Message', '')}"
    except Exception as e:  # noqa: BLE001
        ok, detail = False, f"{type(e).__name__}: {e}"
    passed += ok
    failed += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {str(detail)[:160]}")
    return out if ok and expect_error is None else None


def instances(**kw):
    return [i for r in ec2.describe_instances(**kw)["Reservations"] for i in r["Instances"]]


def state(iid):
    return instances(InstanceIds=[iid])[0]["State"]["Name"]


tag = {"Key": "cattleprod-smoke", "Value": RUN}
check("sts.GetCallerIdentity", lambda: sts.get_caller_identity()["Account"] == "000000000000")
check("ec2.DescribeImages (moto's built-in catalogue)", lambda: len(ec2.describe_images(Owners=["amazon"])["Images"]))
check("ec2.DescribeAvailabilityZones", lambda: [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]])
ids = check(
    "ec2.RunInstances x3 + TagSpecifications (any ImageId accepted)",
    lambda: [
        i["InstanceId"]
        for i in ec2.run_instances(
            ImageId="ami-df5de72bdb3b",
            MinCount=3,
            MaxCount=3,
            InstanceType="t3.micro",
            TagSpecifications=[{"ResourceType": "instance", "Tags": [tag, {"Key": "Name", "Value": f"smoke-{RUN}"}]}],
        )["Instances"]
    ],
) or []
flt = [{"Name": f"tag:{tag['Key']}", "Values": [RUN]}]
check("ec2.DescribeInstances tag filter", lambda: sorted(i["InstanceId"] for i in instances(Filters=flt)) == sorted(ids))
check(
    "ec2.DescribeInstances tag + instance-state-name filter",
    lambda: len(instances(Filters=flt + [{"Name": "instance-state-name", "Values": ["running", "pending"]}])) == 3,
)


def paginate():
    seen, token, pages = [], None, 0
    while True:
        kw = {"MaxResults": 5, **({"NextToken": token} if token else {})}
        page = ec2.describe_instances(**kw)
        pages += 1
        seen += [i["InstanceId"] for r in page["Reservations"] for i in r["Instances"]]
        token = page.get("NextToken")
        if not token:
            return set(ids) <= set(seen) and pages
ec2.run_instances(ImageId="ami-smoke", MinCount=1, MaxCount=1, TagSpecifications=[{"ResourceType": "instance", "Tags": [tag]}])
for _ in range(5):
    ec2.run_instances(ImageId="ami-smoke", MinCount=1, MaxCount=1)
check("ec2.DescribeInstances MaxResults=5/NextToken pages", paginate)
check("ec2.DescribeInstances unknown id", lambda: instances(InstanceIds=["i-0123456789abcdef0"]), "InvalidInstanceID.NotFound")
if ids:
    a, b, c = ids
    check("ec2.StopInstances", lambda: ec2.stop_instances(InstanceIds=[a])["StoppingInstances"][0]["CurrentState"]["Name"] == "stopping")
    check("  -> state stopped", lambda: state(a) == "stopped")
    check("ec2.StartInstances", lambda: ec2.start_instances(InstanceIds=[a])["StartingInstances"][0]["CurrentState"]["Name"] == "pending")
    check("  -> state running", lambda: state(a) == "running")
    check("ec2.RebootInstances", lambda: ec2.reboot_instances(InstanceIds=[a])["ResponseMetadata"]["HTTPStatusCode"] == 200)
    check("ec2.DescribeInstanceStatus", lambda: ec2.describe_instance_status(InstanceIds=[a])["InstanceStatuses"][0]["InstanceState"]["Name"] == "running")
    img = check("ec2.CreateImage", lambda: ec2.create_image(InstanceId=a, Name=f"smoke-{RUN}")["ImageId"])
    check("ec2.DescribeImages(ImageIds)", lambda: ec2.describe_images(ImageIds=[img])["Images"][0]["State"] == "available")
    check("ec2.CreateTags", lambda: ec2.create_tags(Resources=[b], Tags=[{"Key": "chaos", "Value": RUN}]) is not None)
    check("ec2.DescribeTags resource-id", lambda: {t["Key"] for t in ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [b]}])["Tags"]} >= {"chaos", "Name"})
    check("ec2.DescribeInstances tag filter (CreateTags)", lambda: [i["InstanceId"] for i in instances(Filters=[{"Name": "tag:chaos", "Values": [RUN]}])] == [b])
    check("ec2.DeleteTags", lambda: ec2.delete_tags(Resources=[b], Tags=[{"Key": "chaos"}]) is not None)
    check("ec2.TerminateInstances", lambda: ec2.terminate_instances(InstanceIds=[c])["TerminatingInstances"][0]["CurrentState"]["Name"] == "shutting-down")
    check("  -> state terminated (still listed)", lambda: state(c) == "terminated")
reg = check(
    "ec2.RegisterImage",
    lambda: ec2.register_image(Name=f"smoke-reg-{RUN}", RootDeviceName="/dev/sda1",
                               BlockDeviceMappings=[{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 8}}])["ImageId"],
)
check("ec2.DescribeImages Owners=self + name filter", lambda: reg in [i["ImageId"] for i in ec2.describe_images(Owners=["self"], Filters=[{"Name": "name", "Values": [f"smoke-*{RUN}"]}])["Images"]])
check("ec2.DeregisterImage", lambda: ec2.deregister_image(ImageId=reg) is not None)
sg = check("ec2.CreateSecurityGroup", lambda: ec2.create_security_group(GroupName=f"smoke-{RUN}", Description="smoke")["GroupId"])
perm = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
check("ec2.AuthorizeSecurityGroupIngress", lambda: ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=perm)["Return"])
check("ec2.AuthorizeSecurityGroupEgress", lambda: ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[{**perm[0], "FromPort": 443, "ToPort": 443}])["Return"])
check("ec2.DescribeSecurityGroups", lambda: (lambda g: (len(g["IpPermissions"]), len(g["IpPermissionsEgress"])) == (1, 2))(ec2.describe_security_groups(GroupIds=[sg])["SecurityGroups"][0]))
check("ec2.AuthorizeSecurityGroupIngress duplicate", lambda: ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=perm), "InvalidPermission.Duplicate")
check("ec2.RevokeSecurityGroupIngress", lambda: ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=perm)["Return"])
check("ec2.CreateKeyPair", lambda: ec2.create_key_pair(KeyName=f"smoke-{RUN}")["KeyMaterial"].startswith("-----BEGIN"))
check("ec2.CreateKeyPair duplicate", lambda: ec2.create_key_pair(KeyName=f"smoke-{RUN}"), "InvalidKeyPair.Duplicate")
PUB = (
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDHjW0fD0h5b+eLz3m7UjkrOI8BV3zMtlr6wFb0GrRcXgQuDnHBHIJ/Vlu2l2WjHmlAF1I0YuPHm+8sQ5+/2vWcwdRV9U6Djy+"
    "Kj1zdtGrZkFqK8Ki42X3AK5wLffVybeGUcrQ7BDmCunwWrK6TJLv/0HUTpSuu0hDSJyQrD2YTsjrN9X1u8b5xnDiK/D1qG54Bru4N6ryqcwPbNiRFDbkCmSjmmxFVkGFrfF0zQUzDIr7g6I"
    "YmxfgqB9wmMmHApfrWIOOQhAUWsnzKS6AgHlhHAFiKRA26OHGP+rlihyDsVYx9KxH6fsXTu42b3P7IBz9zY2y/CBWR3WnFrcsNrkkF smoke"
)
check("ec2.ImportKeyPair", lambda: ec2.import_key_pair(KeyName=f"smoke-imp-{RUN}", PublicKeyMaterial=PUB.encode())["KeyFingerprint"])
check("ec2.DescribeKeyPairs", lambda: {f"smoke-{RUN}", f"smoke-imp-{RUN}"} <= {k["KeyName"] for k in ec2.describe_key_pairs()["KeyPairs"]})
check("ec2.RunInstances with SecurityGroupIds + KeyName", lambda: (lambda i: i["KeyName"] == f"smoke-{RUN}" and i["SecurityGroups"][0]["GroupId"] == sg)(
    ec2.run_instances(ImageId="ami-smoke", MinCount=1, MaxCount=1, SecurityGroupIds=[sg], KeyName=f"smoke-{RUN}")["Instances"][0]))
check("ssm.PutParameter String", lambda: ssm.put_parameter(Name=f"/smoke/{RUN}/p", Value="v1", Type="String", Overwrite=True)["Version"] == 1)
check("ssm.PutParameter SecureString", lambda: ssm.put_parameter(Name=f"/smoke/{RUN}/s", Value="s3cr3t", Type="SecureString")["Version"] == 1)
check("ssm.GetParameter", lambda: ssm.get_parameter(Name=f"/smoke/{RUN}/p")["Parameter"]["Value"] == "v1")
check("ssm.GetParameter SecureString WithDecryption", lambda: ssm.get_parameter(Name=f"/smoke/{RUN}/s", WithDecryption=True)["Parameter"]["Value"] == "s3cr3t")
check("ssm.GetParametersByPath", lambda: len(ssm.get_parameters_by_path(Path=f"/smoke/{RUN}")["Parameters"]) == 2)
check("ssm.GetParameter missing", lambda: ssm.get_parameter(Name=f"/smoke/{RUN}/none"), "ParameterNotFound")
check("ssm.GetParameter /aws/service/ami-amazon-linux-latest/...", lambda: ssm.get_parameter(Name="/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2")["Parameter"]["Value"])
check("iam.CreateRole", lambda: iam.create_role(RoleName=f"smoke-{RUN}", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[]}')["Role"]["Arn"])
check("sts.AssumeRole", lambda: sts.assume_role(RoleArn=f"arn:aws:iam::000000000000:role/smoke-{RUN}", RoleSessionName="smoke")["Credentials"]["AccessKeyId"])
lc, g = f"smoke-lc-{RUN}", f"smoke-asg-{RUN}"
check("autoscaling.CreateLaunchConfiguration", lambda: asg.create_launch_configuration(LaunchConfigurationName=lc, ImageId="ami-smoke", InstanceType="t3.micro") is not None)
check("autoscaling.DescribeLaunchConfigurations", lambda: asg.describe_launch_configurations(LaunchConfigurationNames=[lc])["LaunchConfigurations"][0]["ImageId"] == "ami-smoke")
check("autoscaling.CreateAutoScalingGroup", lambda: asg.create_auto_scaling_group(
    AutoScalingGroupName=g, LaunchConfigurationName=lc, MinSize=2, MaxSize=4, DesiredCapacity=2,
    AvailabilityZones=["us-east-1a", "us-east-1b"], Tags=[{"Key": "cattleprod-smoke", "Value": RUN, "PropagateAtLaunch": True}]) is not None)


def members():
    return [i["InstanceId"] for i in asg.describe_auto_scaling_groups(AutoScalingGroupNames=[g])["AutoScalingGroups"][0]["Instances"]]


m = check("autoscaling.DescribeAutoScalingGroups (2 InService)", lambda: len(members()) == 2 and members())
check("autoscaling.DescribeAutoScalingInstances", lambda: len(asg.describe_auto_scaling_instances(InstanceIds=m)["AutoScalingInstances"]) == 2 if m else None)
check("ec2.DescribeInstances tag:aws:autoscaling:groupName", lambda: set(m) <= {i["InstanceId"] for i in instances(Filters=[{"Name": "tag:aws:autoscaling:groupName", "Values": [g]}])} if m else None)
if m:
    victim = m[0]
    ec2.terminate_instances(InstanceIds=[victim])
    check("ec2.TerminateInstances on an ASG member -> replaced at once", lambda: (lambda now: len(now) == 2 and victim not in now)(members()))
    other = members()[0]
    check("autoscaling.TerminateInstanceInAutoScalingGroup (no decrement) -> replaced",
          lambda: asg.terminate_instance_in_auto_scaling_group(InstanceId=other, ShouldDecrementDesiredCapacity=False) and (lambda now: len(now) == 2 and other not in now)(members()))
check("autoscaling.SetDesiredCapacity 3", lambda: asg.set_desired_capacity(AutoScalingGroupName=g, DesiredCapacity=3) and len(members()) == 3)
check("autoscaling.UpdateAutoScalingGroup Desired 1", lambda: asg.update_auto_scaling_group(AutoScalingGroupName=g, MinSize=1, DesiredCapacity=1) and len(members()) == 1)
check("autoscaling.DeleteAutoScalingGroup ForceDelete", lambda: asg.delete_auto_scaling_group(AutoScalingGroupName=g, ForceDelete=True) is not None)
print(f"smoke: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
