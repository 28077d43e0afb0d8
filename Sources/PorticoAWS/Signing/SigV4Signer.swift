public import Foundation

/// Signs requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`, Authorization header).
///
/// A pure value: the same credentials, scope, clock reading and request always give the same
/// signature, and the clock is injectable so tests can reproduce AWS's published examples.
public struct SigV4Signer: Sendable {
    /// How a service wants its requests canonicalised.
    public struct Options: Sendable, Equatable {
        /// Normalise the path (`.`/`..`/`//`) before signing. Every service but S3.
        public var normalizePath: Bool
        /// Percent-encode the (already encoded) wire path again. Every service but S3.
        public var doubleEncodePath: Bool
        /// Send and sign `x-amz-content-sha256` with the payload hash. S3 requires it.
        public var signsContentHashHeader: Bool

        public init(normalizePath: Bool, doubleEncodePath: Bool, signsContentHashHeader: Bool) {
            self.normalizePath = normalizePath
            self.doubleEncodePath = doubleEncodePath
            self.signsContentHashHeader = signsContentHashHeader
        }

        /// IAM, STS, SQS, SNS, DynamoDB and the other non-S3 services.
        public static var standard: Options {
            Options(normalizePath: true, doubleEncodePath: true, signsContentHashHeader: false)
        }

        /// S3: the path is signed as sent, and the payload hash travels in a header.
        public static var s3: Options {
            Options(normalizePath: false, doubleEncodePath: false, signsContentHashHeader: true)
        }
    }

    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The SHA-256 of an empty payload.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public var credentials: AWSCredentials
    public var region: String
    /// The signing name of the service (`iam`, `s3`, `ses` for `email.…`, …).
    public var service: String
    public var options: Options
    public var clock: @Sendable () -> Date

    public init(
        credentials: AWSCredentials, region: String, service: String, options: Options = .standard,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
        self.clock = clock
    }

    /// Signs `request` at the clock's current time.
    public func sign(_ request: SigV4Request) -> SigV4SignedRequest {
        let now = clock()
        let amzDate = ISO8601Timestamp.amzDate(now)
        let dateStamp = String(amzDate.prefix(8))
        let payloadHash = Digest.sha256Hex(request.body)

        var headers = request.headers.filter { !Self.managedHeaders.contains($0.name.lowercased()) }
        headers.insert(HeaderField("Host", request.host), at: 0)
        headers.append(HeaderField("X-Amz-Date", amzDate))
        if options.signsContentHashHeader { headers.append(HeaderField("X-Amz-Content-Sha256", payloadHash)) }
        if let token = credentials.sessionToken { headers.append(HeaderField("X-Amz-Security-Token", token)) }

        let signable = headers.filter { !Self.unsignedHeaders.contains($0.name.lowercased()) }
        let (canonicalHeaders, signedNames) = Canonicalization.headers(signable)
        let canonicalQuery = Canonicalization.queryString(request.query)
        let canonicalRequest = [
            request.method.uppercased(),
            Canonicalization.uri(
                wirePath: request.path, normalize: options.normalizePath, doubleEncode: options.doubleEncodePath),
            canonicalQuery,
            canonicalHeaders,
            signedNames,
            payloadHash,
        ].joined(separator: "\n")

        let scope = "\(dateStamp)/\(region)/\(service)/aws4_request"
        let stringToSign = [Self.algorithm, amzDate, scope, Digest.sha256Hex(Array(canonicalRequest.utf8))]
            .joined(separator: "\n")
        let key = signingKey(dateStamp: dateStamp)
        let signature = Digest.hex(Digest.hmacSHA256(key: key, message: Array(stringToSign.utf8)))
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(signedNames), Signature=\(signature)"
        headers.append(HeaderField("Authorization", authorization))
        return SigV4SignedRequest(
            headers: headers, canonicalQuery: canonicalQuery, canonicalRequest: canonicalRequest,
            stringToSign: stringToSign, signature: signature, authorization: authorization)
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    public func signingKey(dateStamp: String) -> [UInt8] {
        var key = Array(("AWS4" + credentials.secretAccessKey).utf8)
        for part in [dateStamp, region, service, "aws4_request"] {
            key = Digest.hmacSHA256(key: key, message: Array(part.utf8))
        }
        return key
    }

    /// Headers the signer sets itself; a caller's copy is dropped so it cannot contradict them.
    private static let managedHeaders: Set<String> = [
        "host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "authorization",
    ]

    /// Headers that proxies and clients may change in flight, so they are sent but never signed.
    private static let unsignedHeaders: Set<String> = [
        "user-agent", "expect", "transfer-encoding", "x-amzn-trace-id", "connection", "content-length",
    ]
}
