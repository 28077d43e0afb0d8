/// What the client layer must know about one AWS service to reach it: its endpoint prefix, the
/// name it signs with, whether it is global, and how it canonicalises requests.
public struct AWSService: Sendable, Equatable {
    /// Where a global service lives in each partition.
    public struct GlobalHome: Sendable, Equatable {
        public var host: String
        public var fipsHost: String?
        public var signingRegion: String
    }

    public var endpointPrefix: String
    public var signingName: String
    /// The API version sent with query-protocol calls, or the target prefix of JSON calls.
    public var apiVersion: String
    public var signerOptions: SigV4Signer.Options
    /// nil for regional services; for global ones, the home per partition.
    public var globalHomes: [AWSPartition: GlobalHome]?

    public var isGlobal: Bool { globalHomes != nil }

    public static let iam = AWSService(
        endpointPrefix: "iam", signingName: "iam", apiVersion: "2010-05-08", signerOptions: .standard,
        globalHomes: [
            .aws: GlobalHome(host: "iam.amazonaws.com", fipsHost: "iam-fips.amazonaws.com", signingRegion: "us-east-1"),
            .awsCN: GlobalHome(host: "iam.cn-north-1.amazonaws.com.cn", fipsHost: nil, signingRegion: "cn-north-1"),
            .awsUSGov: GlobalHome(
                host: "iam.us-gov.amazonaws.com", fipsHost: "iam.us-gov.amazonaws.com", signingRegion: "us-gov-west-1"),
        ])

    public static let organizations = AWSService(
        endpointPrefix: "organizations", signingName: "organizations", apiVersion: "AWSOrganizationsV20161128",
        signerOptions: .standard,
        globalHomes: [
            .aws: GlobalHome(
                host: "organizations.us-east-1.amazonaws.com", fipsHost: "organizations-fips.us-east-1.amazonaws.com",
                signingRegion: "us-east-1"),
            .awsCN: GlobalHome(
                host: "organizations.cn-northwest-1.amazonaws.com.cn", fipsHost: nil, signingRegion: "cn-northwest-1"),
            .awsUSGov: GlobalHome(
                host: "organizations.us-gov-west-1.amazonaws.com",
                fipsHost: "organizations.us-gov-west-1.amazonaws.com", signingRegion: "us-gov-west-1"),
        ])

    /// STS is used through its regional endpoints (AWS's recommendation), never the legacy global one.
    public static let sts = regional("sts", version: "2011-06-15")
    public static let s3 = AWSService(
        endpointPrefix: "s3", signingName: "s3", apiVersion: "2006-03-01", signerOptions: .s3, globalHomes: nil)
    public static let sqs = regional("sqs", version: "2012-11-05")
    public static let sns = regional("sns", version: "2010-03-31")
    public static let dynamoDB = regional("dynamodb", version: "DynamoDB_20120810")
    public static let config = regional("config", version: "StarlingDoveService")
    public static let ses = AWSService(
        endpointPrefix: "email", signingName: "ses", apiVersion: "2010-12-01", signerOptions: .standard, globalHomes: nil)

    private static func regional(_ name: String, version: String) -> AWSService {
        AWSService(endpointPrefix: name, signingName: name, apiVersion: version, signerOptions: .standard, globalHomes: nil)
    }
}
