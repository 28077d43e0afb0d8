public import PorticoCore

extension PermissionsMap {
    /// ConsoleMe's default map (CONSOLEME.md 3.1): s3, sqs, sns, rds, ec2, route53, sts, ses, crud_lookup.
    public static let consoleMeDefaults = PermissionsMap(services: [
        "s3": PermissionService(
            text: "S3 Bucket", description: "Read, write and delete objects in an S3 bucket",
            inputs: [resourceInput("s3", "/policies/typeahead?resource=s3&show_full_arn_for_s3_buckets=true&search={query}"),
                     ["name": "bucket_prefix", "type": "text_input", "text": "Bucket prefix (e.g. logs/*)", "required": true,
                      "default": "/*"]],
            actionGroups: [
                group("list", "List", ["s3:ListBucket", "s3:ListBucketVersions"]),
                group("get", "Get", ["s3:GetObject", "s3:GetObjectTagging", "s3:GetObjectVersion", "s3:GetObjectVersionTagging",
                                     "s3:GetObjectAcl", "s3:GetObjectVersionAcl"]),
                group("put", "Put", ["s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging",
                                     "s3:ListMultipartUploadParts*", "s3:AbortMultipartUpload"]),
                group("delete", "Delete", ["s3:DeleteObject", "s3:DeleteObjectTagging", "s3:DeleteObjectVersion",
                                           "s3:DeleteObjectVersionTagging"]),
            ]),
        "sqs": PermissionService(
            text: "SQS Queue", description: "Send, receive and manage messages of an SQS queue",
            inputs: [resourceInput("sqs", "/policies/typeahead?resource=sqs&search={query}")],
            actionGroups: [
                group("send_messages", "Send Messages", ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"]),
                group("receive_messages", "Receive Messages",
                      ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage"]),
                group("set_queue_attributes", "Set Queue Attributes", ["sqs:SetQueueAttributes"]),
                group("purge_messages", "Purge Messages", ["sqs:PurgeQueue"]),
            ]),
        "sns": PermissionService(
            text: "SNS Topic", description: "Publish to and subscribe to an SNS topic",
            inputs: [resourceInput("sns", "/policies/typeahead?resource=sns&search={query}")],
            actionGroups: [
                group("get_topic_attributes", "Get Topic Attributes", ["sns:GetEndpointAttributes", "sns:GetTopicAttributes"]),
                group("publish", "Publish", ["sns:Publish"]),
                group("subscribe", "Subscribe", ["sns:Subscribe", "sns:ConfirmSubscription"]),
                group("unsubscribe", "Unsubscribe", ["sns:Unsubscribe"]),
            ]),
        "rds": PermissionService(
            text: "RDS", description: "Pass the RDS monitoring role",
            inputs: [["name": "resource_arn", "type": "text_input", "text": "Role ARN", "required": true,
                      "default": "arn:aws:iam::{account_id}:role/rds-monitoring-role"]],
            actionGroups: [group("passrole", "PassRole", ["iam:PassRole"])]),
        "ec2": PermissionService(
            text: "EC2", description: "Mount volumes and assign IPv6 addresses",
            inputs: [["name": "resource_arn", "type": "text_input", "text": "Resource ARN", "required": true, "default": "*"]],
            actionGroups: [
                group("volmount", "Volume Mount", ["ec2:attachvolume", "ec2:createvolume", "ec2:describelicenses",
                                                   "ec2:describevolumes", "ec2:detachvolume", "ec2:reportinstancestatus",
                                                   "ec2:resetsnapshotattribute"]),
                group("ipv6", "Enable IPv6", ["ec2:AssignIpv6Addresses"]),
            ]),
        "route53": PermissionService(
            text: "Route53 Zone", description: "List and change records of a hosted zone",
            inputs: [["name": "resource_arn", "type": "text_input", "text": "Zone ARN", "required": true, "default": "*"]],
            actionGroups: [
                group("list_records", "List Records", ["route53:listresourcerecordsets"]),
                group("change_records", "Change Records", ["route53:changeresourcerecordsets"]),
            ]),
        "sts": PermissionService(
            text: "STS AssumeRole", description: "Assume another role",
            inputs: [resourceInput("iam_arn", "/policies/typeahead?resource=iam_arn&search={query}")],
            actionGroups: [group("assume_role", "Assume Role", ["sts:AssumeRole"])]),
        "ses": PermissionService(
            text: "SES - Send Email", description: "Send e-mail from one address",
            inputs: [["name": "from_address", "type": "text_input", "text": "From address", "required": true,
                      "default": "emailaddress@example.com"],
                     ["name": "resource_arn", "type": "text_input", "text": "SES identity ARN", "required": true]],
            actionGroups: [group("send_email", "Send Email", ["ses:SendEmail", "ses:SendRawEmail"])],
            condition: ["StringLike": ["ses:FromAddress": "${from_address}"]]),
        "crud_lookup": PermissionService(
            text: "Other", description: "Any AWS service, by access level",
            inputs: [["name": "service_name", "type": "single_typeahead_input", "text": "Service", "required": true,
                      "typeahead_endpoint": "/api/v1/policyuniverse/autocomplete/?only_filter_services=true&prefix={query}"],
                     ["name": "resource_arn", "type": "typeahead_input", "text": "Resource ARN", "required": true,
                      "typeahead_endpoint": "/api/v2/typeahead/resources?typeahead={query}&ui_formatted=true"]],
            actionGroups: [
                group("list", "List", []), group("read", "Read", []), group("write", "Write", []),
                group("permissions-management", "Permissions Management", []), group("tagging", "Tagging", []),
            ]),
    ])

    private static func group(_ name: String, _ text: String, _ permissions: [String]) -> ActionGroup {
        ActionGroup(name: name, text: text, permissions: permissions)
    }

    private static func resourceInput(_ resource: String, _ endpoint: String) -> JSONValue {
        ["name": "resource_arn", "type": "typeahead_input", "text": "Resource ARN", "required": true,
         "typeahead_endpoint": .string(endpoint)]
    }
}
