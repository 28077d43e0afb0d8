"""Seeds moto with Portico's demo estate for `make run`: three accounts, each with the spoke
role (trusting the hub account), roles tagged for the demo users and their groups, and a bucket,
a queue and a topic.
Prints the `accounts:` section of the generated configuration on stdout."""
import json
import sys

import boto3

endpoint = sys.argv[1]
hub_account = "123456789012"
accounts = {"111111111111": "demo-prod", "222222222222": "demo-staging", "333333333333": "demo-sandbox"}


def client(service, account):
    session = boto3.session.Session(aws_access_key_id="seed", aws_secret_access_key="seed", region_name="us-east-1")
    made = session.client(service, endpoint_url=endpoint)
    made.meta.events.register("before-sign.*.*", lambda request, **_: request.headers.__setitem__("x-moto-account-id", account))
    return made


def trust(principal):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]}]})


allow_all = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
# Who may use what, as ConsoleMe's role tags say it (users or groups, separated by ':'), for the
# development sign-in's demo users (auth.dev_users): alice@example.com (group
# engineering@example.com) gets `engineer` in the console and `readonly-cli` on the command line
# in every account, plus `alice-sandbox` in the sandbox (tagged with her own address);
# admin@example.com (group portico-admins@example.com) gets all of those roles but alice's, and `admin`.
engineers = "engineering@example.com:portico-admins@example.com"
roles = [
    ("engineer", {"consoleme-authorized": engineers}, None),
    ("admin", {"consoleme-authorized": "portico-admins@example.com"}, None),
    ("readonly-cli", {"consoleme-authorized-cli-only": engineers}, None),
    ("alice-sandbox", {"consoleme-authorized": "alice@example.com"}, "333333333333"),
]

for account, name in accounts.items():
    iam = client("iam", account)
    iam.create_role(RoleName="PorticoSpoke", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{hub_account}:root"))
    iam.put_role_policy(RoleName="PorticoSpoke", PolicyName="spoke", PolicyDocument=allow_all)
    for role, tags, only_in in roles:
        if only_in and only_in != account:
            continue
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust(f"arn:aws:iam::{hub_account}:root"),
                        Tags=[{"Key": k, "Value": v} for k, v in tags.items()], MaxSessionDuration=7200)
        iam.put_role_policy(RoleName=role, PolicyName=f"{role}-inline", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]}))
    client("s3", account).create_bucket(Bucket=f"{name}-artifacts")
    client("sqs", account).create_queue(QueueName=f"{name}-jobs")
    client("sns", account).create_topic(Name=f"{name}-alerts")

print("accounts:")
for account, name in accounts.items():
    print(f'  "{account}": {name}')
