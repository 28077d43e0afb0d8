import Testing

@testable import PorticoAWS

@Suite struct AWSEndpointTests {
    func resolve(_ service: AWSService, _ configuration: AWSConfiguration) throws -> AWSEndpoint {
        try AWSEndpoint.resolve(service, configuration: configuration)
    }

    @Test func regionalServicesUseTheRegion() throws {
        let endpoint = try resolve(.sts, AWSConfiguration(region: "eu-west-1"))
        #expect(endpoint.host == "sts.eu-west-1.amazonaws.com")
        #expect(endpoint.signingRegion == "eu-west-1")
        #expect(endpoint.url(path: "/", query: "") == "https://sts.eu-west-1.amazonaws.com/")
        #expect(try resolve(.ses, AWSConfiguration(region: "us-west-2")).host == "email.us-west-2.amazonaws.com")
        #expect(try resolve(.dynamoDB, AWSConfiguration(region: "ap-south-1")).host == "dynamodb.ap-south-1.amazonaws.com")
    }

    @Test func iamIsGlobalAndSignedInThePartitionHome() throws {
        let endpoint = try resolve(.iam, AWSConfiguration(region: "eu-central-1"))
        #expect(endpoint.host == "iam.amazonaws.com")
        #expect(endpoint.signingRegion == "us-east-1")
        let china = try resolve(.iam, AWSConfiguration(region: "cn-north-1"))
        #expect(china.host == "iam.cn-north-1.amazonaws.com.cn")
        #expect(china.signingRegion == "cn-north-1")
        let govCloud = try resolve(.iam, AWSConfiguration(region: "us-gov-east-1"))
        #expect(govCloud.host == "iam.us-gov.amazonaws.com")
        #expect(govCloud.signingRegion == "us-gov-west-1")
        #expect(try resolve(.organizations, AWSConfiguration(region: "eu-west-1")).signingRegion == "us-east-1")
    }

    @Test func partitionsFollowTheRegionUnlessGiven() throws {
        #expect(AWSConfiguration(region: "cn-northwest-1").partition == .awsCN)
        #expect(AWSConfiguration(region: "us-gov-west-1").partition == .awsUSGov)
        #expect(AWSConfiguration(region: "eu-west-1").partition == .aws)
        #expect(try resolve(.sqs, AWSConfiguration(region: "cn-north-1")).host == "sqs.cn-north-1.amazonaws.com.cn")
    }

    @Test func fipsEndpoints() throws {
        #expect(try resolve(.sts, AWSConfiguration(region: "us-east-2", useFIPS: true)).host == "sts-fips.us-east-2.amazonaws.com")
        #expect(try resolve(.iam, AWSConfiguration(useFIPS: true)).host == "iam-fips.amazonaws.com")
        #expect(throws: AWSClientError.self) { try resolve(.iam, AWSConfiguration(region: "cn-north-1", useFIPS: true)) }
    }

    @Test func theOverrideAppliesToEveryServiceAndKeepsSigningRegions() throws {
        let configuration = AWSConfiguration(region: "eu-west-1", endpointURL: "http://127.0.0.1:5000/")
        for service in [AWSService.iam, .sts, .s3, .sqs, .sns, .dynamoDB, .config, .organizations, .ses] {
            let endpoint = try resolve(service, configuration)
            #expect(endpoint.url(path: "/", query: "") == "http://127.0.0.1:5000/")
            #expect(endpoint.hostHeader == "127.0.0.1:5000")
        }
        #expect(try resolve(.iam, configuration).signingRegion == "us-east-1")
        #expect(try resolve(.sts, configuration).signingRegion == "eu-west-1")
        let withPath = try resolve(.sts, AWSConfiguration(endpointURL: "https://proxy.example/aws/"))
        #expect(withPath.url(path: "/", query: "a=1") == "https://proxy.example/aws/?a=1")
        #expect(withPath.hostHeader == "proxy.example")
    }

    @Test func ipv6OverridesAreBracketedOnce() throws {
        let endpoint = try resolve(.sqs, AWSConfiguration(endpointURL: "http://[::1]:4566"))
        #expect(endpoint.hostHeader == "[::1]:4566")
        #expect(endpoint.url(path: "/", query: "") == "http://[::1]:4566/")
    }

    @Test func s3BucketsGoInTheHostOnlyWhenDNSAndTLSSafe() {
        #expect(S3BucketName.isVirtualHostable("portico-logs-2024"))
        #expect(!S3BucketName.isVirtualHostable("portico.logs"))
        #expect(!S3BucketName.isVirtualHostable("Portico_Logs"))
        #expect(!S3BucketName.isVirtualHostable("-edge"))
        #expect(!S3BucketName.isVirtualHostable("ab"))
    }

    @Test func badRegionsAndOverridesAreRejectedWithAReason() {
        for region in ["", "US-EAST-1", "us-east-1.evil.com", "us--east", "us east"] {
            #expect(throws: AWSClientError.self, "\(region)") { try resolve(.sts, AWSConfiguration(region: region)) }
        }
        for url in ["ftp://host", "not a url", "http://", "http://host?x=1"] {
            #expect(throws: AWSClientError.self, "\(url)") { try resolve(.sts, AWSConfiguration(endpointURL: url)) }
        }
    }
}
