"""A scheduled reaper of the kind the 28-day rule describes: terminates immutable instances before they are 28 days
old. Written as a Lambda handler (boto3 only); run.sh calls it once per tick of its schedule.

Age counts from the instance's launch where it survives a restart: the root volume's AttachTime. LaunchTime moves
on every start on AWS, so a reaper reading it can be evaded by stopping and starting an instance (set
REAPER_AGE_FROM=LaunchTime to see cattleprod catch that).
"""

import datetime
import os

import boto3

LIMIT = datetime.timedelta(days=28)
# The reaper runs every 6 hours: an instance must be reaped while it still has a full period left.
SCHEDULE = datetime.timedelta(hours=6)
THRESHOLD = LIMIT - SCHEDULE - datetime.timedelta(hours=1)


def launched_at(instance, age_from):
    """When the instance was launched, read where a stop/start does not move it (unless told otherwise)."""
    if age_from == "LaunchTime":
        return instance["LaunchTime"]
    root = instance.get("RootDeviceName")
    for mapping in instance.get("BlockDeviceMappings", []):
        if mapping.get("DeviceName") == root and "Ebs" in mapping:
            return mapping["Ebs"]["AttachTime"]
    return instance["LaunchTime"]


def handler(event, context=None):
    ec2 = boto3.client("ec2")
    now = datetime.datetime.now(datetime.timezone.utc)
    filters = [
        {"Name": "tag:cattleprod:vm-type", "Values": ["immutable"]},
        {"Name": "instance-state-name", "Values": ["pending", "running", "stopping", "stopped"]},
    ]
    if event.get("scenario_run"):
        filters.append({"Name": "tag:cattleprod:scenario-run", "Values": [event["scenario_run"]]})
    doomed = []
    for page in ec2.get_paginator("describe_instances").paginate(Filters=filters):
        for reservation in page["Reservations"]:
            for instance in reservation["Instances"]:
                age = now - launched_at(instance, event.get("age_from", "AttachTime"))
                if age >= THRESHOLD:
                    doomed.append(instance["InstanceId"])
                    print(f"{instance['InstanceId']} is {age} old (threshold {THRESHOLD}): terminating")
    if doomed:
        ec2.terminate_instances(InstanceIds=doomed)
    print(f"reaped {len(doomed)} instance(s) at {now.isoformat()}")
    return {"terminated": doomed}


if __name__ == "__main__":
    handler({"scenario_run": os.environ.get("CATTLEPROD_SCENARIO_RUN"), "age_from": os.environ.get("REAPER_AGE_FROM", "AttachTime")})
