import PorticoCore

extension PermissionTemplate {
    /// ConsoleMe's default `permission_templates` (default, s3write, s3read, sqs, sns,
    /// rdspassrole, ses, sts, route53, ec2_create_volume, put_cloudwatch_data, eni_auto_attach,
    /// ec2_ipv6, volmount, securitygroupmutate), with its placeholders for the person to fill in.
    public static let consoleMeDefaults: [PermissionTemplate] = [
        template("default", "Default Template", [""], [""]),
        template("s3write", "S3 Write Access", [
            "s3:AbortMultipartUpload", "s3:DeleteObject", "s3:DeleteObjectTagging", "s3:DeleteObjectVersion",
            "s3:DeleteObjectVersionTagging", "s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectTagging", "s3:GetObjectVersion",
            "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging", "s3:ListBucket", "s3:ListBucketVersions",
            "s3:ListMultipartUploadParts", "s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging",
        ], ["arn:aws:s3:::BUCKET_NAME", "arn:aws:s3:::BUCKET_NAME/OPTIONAL_PREFIX/*"]),
        template("s3read", "S3 Read Access", [
            "s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectTagging", "s3:GetObjectVersion", "s3:GetObjectVersionAcl",
            "s3:GetObjectVersionTagging", "s3:ListBucket", "s3:ListBucketVersions",
        ], ["arn:aws:s3:::BUCKET_NAME", "arn:aws:s3:::BUCKET_NAME/OPTIONAL_PREFIX/*"]),
        template("sqs", "SQS", [
            "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage",
            "sqs:SetQueueAttributes",
        ], ["arn:aws:sqs:REGION:ACCOUNT_NUMBER:QUEUE_NAME"]),
        template("sns", "SNS", [
            "sns:ConfirmSubscription", "sns:GetEndpointAttributes", "sns:GetTopicAttributes", "sns:Publish", "sns:Subscribe",
            "sns:Unsubscribe",
        ], ["arn:aws:sns:REGION:ACCOUNT_NUMBER:TOPIC_NAME"]),
        template("rdspassrole", "RDS Monitoring PassRole", ["iam:PassRole"], ["arn:aws:iam::ACCOUNT_NUMBER:role/rds-monitoring-role"]),
        template("ses", "SES", ["ses:SendEmail", "ses:SendRawEmail"], ["arn:aws:ses:REGION:ACCOUNT_NUMBER:identity/DOMAIN"],
                 condition: ["StringLike": ["ses:FromAddress": "FROM_ADDRESS"]]),
        template("sts", "STS AssumeRole", ["sts:AssumeRole"], ["arn:aws:iam::ACCOUNT_NUMBER:role/ROLE_NAME"]),
        template("route53", "Route53 Records", [
            "route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets",
        ], ["arn:aws:route53:::hostedzone/HOSTED_ZONE_ID"]),
        template("ec2_create_volume", "EC2 Create Volume", ["ec2:CreateVolume"], ["*"]),
        template("put_cloudwatch_data", "CloudWatch PutMetricData", ["cloudwatch:PutMetricData"], ["*"]),
        template("eni_auto_attach", "ENI Auto-Attach", [
            "ec2:AttachNetworkInterface", "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces",
        ], ["*"]),
        template("ec2_ipv6", "EC2 IPv6", ["ec2:AssignIpv6Addresses"], ["*"]),
        template("volmount", "EC2 Volume Mount", [
            "ec2:AttachVolume", "ec2:CreateVolume", "ec2:DescribeLicenses", "ec2:DescribeVolumes", "ec2:DetachVolume",
            "ec2:ReportInstanceStatus", "ec2:ResetSnapshotAttribute",
        ], ["*"]),
        template("securitygroupmutate", "Security Group Mutate", [
            "ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress",
            "ec2:RevokeSecurityGroupIngress",
        ], ["arn:aws:ec2:REGION:ACCOUNT_NUMBER:security-group/SECURITY_GROUP_ID"]),
    ]

    private static func template(
        _ key: String, _ text: String, _ actions: [String], _ resources: [String], condition: JSONValue? = nil
    ) -> PermissionTemplate {
        var statement: [String: JSONValue] = [
            "Action": .array(actions.map(JSONValue.string)), "Effect": "Allow", "Resource": .array(resources.map(JSONValue.string)),
        ]
        if let condition { statement["Condition"] = condition }
        let document: JSONValue = ["Statement": .array([.object(statement)]), "Version": "2012-10-17"]
        return PermissionTemplate(key: key, text: text, value: document.jsonText)
    }
}
