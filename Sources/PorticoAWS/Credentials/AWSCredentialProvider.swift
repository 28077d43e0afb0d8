/// Something that hands out credentials to sign with: static keys, the provider chain, a spoke
/// session. Called before every request, so implementations that fetch remotely cache.
public protocol AWSCredentialProvider: Sendable {
    func credentials() async throws -> AWSCredentials
}

/// Fixed credentials (long-term keys, or temporary ones the caller renews itself).
public struct StaticCredentialProvider: AWSCredentialProvider, CustomStringConvertible {
    private let value: AWSCredentials

    public init(_ credentials: AWSCredentials) { self.value = credentials }

    public func credentials() async throws -> AWSCredentials { value }

    public var description: String { "StaticCredentialProvider(\(value))" }
}
