@testable import CacheService
import Testing

/// Reading the events queue's messages: EventBridge-wrapped CloudTrail records of role changes
/// and denied calls, the plain record, and every malformed shape refused with its reason.
@Suite struct IAMChangeEventTests {
    static let account = "100000000081"

    @Test func roleChangingCallsNameTheirRoleAndCreateRoleItsARN() throws {
        for name in ["PutRolePolicy", "DeleteRolePolicy", "TagRole", "UntagRole", "AttachRolePolicy", "DetachRolePolicy",
                     "UpdateAssumeRolePolicy", "DeleteRole"] {
            let event = try IAMChangeEvent(body: EventConsumerTests.iamEvent(name, role: "app"))
            #expect(event == .roleChanged(.init(account: Self.account, name: "app", arn: nil)), "\(name)")
        }
        let created = try IAMChangeEvent(body: EventConsumerTests.iamEvent(
            "CreateRole", role: "r", extra: #","responseElements":{"role":{"arn":"arn:aws:iam::\#(Self.account):role/a/b/r"}}"#))
        #expect(created == .roleChanged(.init(account: Self.account, name: "r", arn: "arn:aws:iam::\(Self.account):role/a/b/r")))
        // An ARN of another account or another role is not believed.
        let foreign = try IAMChangeEvent(body: EventConsumerTests.iamEvent(
            "CreateRole", role: "r", extra: #","responseElements":{"role":{"arn":"arn:aws:iam::999999999999:role/r"}}"#))
        #expect(foreign == .roleChanged(.init(account: Self.account, name: "r", arn: nil)))
        // The record without its EventBridge envelope.
        let plain = try IAMChangeEvent(body: #"{"eventName":"TagRole","eventSource":"iam.amazonaws.com","recipientAccountId":"\#(Self.account)","requestParameters":{"roleName":"x"}}"#)
        #expect(plain == .roleChanged(.init(account: Self.account, name: "x", arn: nil)))
    }

    @Test func otherCallsAndOtherErrorsAreIgnored() throws {
        #expect(try IAMChangeEvent(body: EventConsumerTests.iamEvent("CreateUser", role: "x")) == .ignored(eventName: "CreateUser"))
        let throttled = #"{"detail":{"eventName":"TagRole","eventSource":"iam.amazonaws.com","errorCode":"Throttling"}}"#
        #expect(try IAMChangeEvent(body: throttled) == .ignored(eventName: "TagRole"))
        let s3 = #"{"detail":{"eventName":"PutBucketPolicy","eventSource":"s3.amazonaws.com","recipientAccountId":"\#(Self.account)"}}"#
        #expect(try IAMChangeEvent(body: s3) == .ignored(eventName: "PutBucketPolicy"))
    }

    @Test func deniedCallsNameTheRoleActionAndResource() throws {
        let event = try IAMChangeEvent(body: EventConsumerTests.deniedEvent(
            role: "app", source: "s3", name: "GetObject", resource: "arn:aws:s3:::b/k", at: "2026-12-01T10:00:00Z"))
        #expect(event == .denied(.init(
            roleARN: "arn:aws:iam::\(Self.account):role/app", action: "s3:GetObject", resource: "arn:aws:s3:::b/k",
            at: 1_796_119_200_000)))
        // EC2's code, no session issuer (the role from the session ARN), the resource from `resources`.
        let ec2 = #"{"detail":{"eventSource":"ec2.amazonaws.com","eventName":"RunInstances","errorCode":"Client.UnauthorizedOperation","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::\#(Self.account):assumed-role/builder/ci"},"resources":[{"ARN":"arn:aws:ec2:us-east-1:\#(Self.account):instance/*"}]}}"#
        #expect(try IAMChangeEvent(body: ec2) == .denied(.init(
            roleARN: "arn:aws:iam::\(Self.account):role/builder", action: "ec2:RunInstances",
            resource: "arn:aws:ec2:us-east-1:\(Self.account):instance/*", at: 0)))
    }

    @Test func malformedMessagesAreRefusedWithTheirReason() {
        let cases: [(String, String)] = [
            ("nope", "the body is not JSON"),
            (#"[1]"#, "the body is not a JSON object"),
            (#"{"detail":"x"}"#, "detail is not an object"),
            (#"{"detail":{}}"#, "detail.eventName is missing"),
            (#"{"detail":{"eventName":"TagRole","eventSource":"iam.amazonaws.com","recipientAccountId":"12"}}"#,
             "detail.recipientAccountId is not an account id"),
            (#"{"detail":{"eventName":"TagRole","eventSource":"iam.amazonaws.com","recipientAccountId":"\#(Self.account)","requestParameters":{"roleName":"a b"}}}"#,
             "detail.requestParameters.roleName is missing or not a role name"),
            (#"{"detail":{"eventName":"GetObject","eventSource":"s3.amazonaws.com","errorCode":"AccessDenied","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::\#(Self.account):user/u"}}}"#,
             "detail.userIdentity names no role"),
            (String(repeating: " ", count: 300 * 1024), "the body is over 256 KiB"),
        ]
        for (body, reason) in cases {
            #expect(throws: IAMChangeEvent.Malformed(reason: reason), "\(body.prefix(60))") { try IAMChangeEvent(body: body) }
        }
    }
}
