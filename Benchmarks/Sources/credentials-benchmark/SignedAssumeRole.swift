import Foundation
import PorticoAWS
import PorticoCore

/// One STS AssumeRole request, signed once with PorticoAWS's SigV4 signer as the hub, for wrk
/// to replay against moto (moto checks the signature but keeps no record of the ones it saw).
/// It carries what the credential broker sends for the benchmark user: the role, the session
/// name and source identity (the user's email), the duration and the IP-restriction session
/// policy.
struct SignedAssumeRole {
    let host: String
    let headers: [HeaderField]
    let body: String

    init(port: Int, hubKey: AWSCredentials, roleARN: String, user: String, durationSeconds: Int, policy: String) {
        host = "127.0.0.1:\(port)"
        let parameters = [
            ("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", roleARN), ("RoleSessionName", user),
            ("DurationSeconds", String(durationSeconds)), ("Policy", policy), ("SourceIdentity", user),
        ]
        body = parameters.map { "\(PercentEncoding.formEncode($0.0))=\(PercentEncoding.formEncode($0.1))" }.joined(separator: "&")
        let signer = SigV4Signer(credentials: hubKey, region: "us-east-1", service: "sts")
        headers = signer.sign(SigV4Request(
            method: "POST", host: host, path: "/",
            headers: [HeaderField("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(body.utf8))).headers
    }

    /// The session policy the broker sends for `networks` (its `IPRestrictionPolicy` document):
    /// allow what the role allows, deny calls from elsewhere unless an AWS service makes them.
    static func ipRestrictionPolicy(_ networks: [String]) -> String {
        let sources = networks.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"Version":"2012-10-17","Statement":["#
            + #"{"Sid":"AllowWhatTheRoleAllows","Effect":"Allow","Action":"*","Resource":"*"},"#
            + #"{"Sid":"DenyOutsideAllowedNetworks","Effect":"Deny","Action":"*","Resource":"*","#
            + #""Condition":{"NotIpAddress":{"aws:SourceIp":["# + sources + #"]},"#
            + #""Bool":{"aws:ViaAWSService":"false"}}}]}"#
    }
}
