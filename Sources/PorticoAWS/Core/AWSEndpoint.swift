import Foundation

/// Where one call goes: scheme, host, port and base path, and the region to sign for.
public struct AWSEndpoint: Sendable, Equatable {
    public var scheme: String
    public var host: String
    public var port: Int?
    /// A path prefix from an endpoint override (`http://proxy/aws` → `/aws`), without a trailing slash.
    public var basePath: String
    public var signingRegion: String

    /// The `Host` header value (with the port when it is not the scheme's default).
    public var hostHeader: String {
        // An IPv6 literal goes in brackets (URL parsers hand it back with or without them).
        let name = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        guard let port, !(scheme == "https" && port == 443), !(scheme == "http" && port == 80) else { return name }
        return "\(name):\(port)"
    }

    /// The URL for a wire path (already encoded) and an encoded query string.
    public func url(path: String, query: String) -> String {
        let base = "\(scheme)://\(hostHeader)\(basePath)\(path)"
        return query.isEmpty ? base : "\(base)?\(query)"
    }

    /// Resolves the endpoint of `service` under `configuration`: the override when one is set,
    /// otherwise the regional or global (partition-home) endpoint, FIPS when asked.
    public static func resolve(_ service: AWSService, configuration: AWSConfiguration) throws -> AWSEndpoint {
        try validate(region: configuration.region)
        let home = service.globalHomes?[configuration.partition]
        let signingRegion = home?.signingRegion ?? configuration.region
        if let override = configuration.endpointURL {
            return try parseOverride(override, signingRegion: signingRegion)
        }
        if service.globalHomes != nil {
            guard let home else {
                throw AWSClientError.invalidConfiguration(
                    "\(service.endpointPrefix) has no endpoint in partition \(configuration.partition.rawValue)")
            }
            if configuration.useFIPS {
                guard let fipsHost = home.fipsHost else {
                    throw AWSClientError.invalidConfiguration(
                        "\(service.endpointPrefix) has no FIPS endpoint in partition \(configuration.partition.rawValue)")
                }
                return AWSEndpoint(scheme: "https", host: fipsHost, port: nil, basePath: "", signingRegion: signingRegion)
            }
            return AWSEndpoint(scheme: "https", host: home.host, port: nil, basePath: "", signingRegion: signingRegion)
        }
        let prefix = configuration.useFIPS ? "\(service.endpointPrefix)-fips" : service.endpointPrefix
        let host = "\(prefix).\(configuration.region).\(configuration.partition.dnsSuffix)"
        return AWSEndpoint(scheme: "https", host: host, port: nil, basePath: "", signingRegion: signingRegion)
    }

    /// A region is lower-case letters, digits and single dashes (`us-east-1`): anything else
    /// would end up in a host name.
    static func validate(region: String) throws {
        let parts = region.split(separator: "-", omittingEmptySubsequences: false)
        let valid = !region.isEmpty && region.utf8.count <= 64 && parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
        }
        guard valid else { throw AWSClientError.invalidConfiguration("region \"\(region)\" is not a region name") }
    }

    private static func parseOverride(_ text: String, signingRegion: String) throws -> AWSEndpoint {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty,
              components.query == nil, components.fragment == nil, components.user == nil
        else {
            throw AWSClientError.invalidConfiguration(
                "endpoint_url must be http(s)://host[:port][/path], got \"\(text)\"")
        }
        var basePath = components.percentEncodedPath
        while basePath.hasSuffix("/") { basePath.removeLast() }
        return AWSEndpoint(scheme: scheme, host: host, port: components.port, basePath: basePath, signingRegion: signingRegion)
    }
}
