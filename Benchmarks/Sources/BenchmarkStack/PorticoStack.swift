public import BenchmarkSupport
public import Foundation
public import PorticoAWS
public import PorticoHTTP

/// `portico-server all` (the release build) on free loopback ports against the benchmark's
/// redis-server and moto, signed in as the benchmark user through the development sign-in.
/// Shared by the benchmarks that drive Portico whole (credentials-benchmark, requests-benchmark).
public final class PorticoStack: Sendable {
    public let server: ChildProcess
    public let gatewayPort: Int
    public let configFile: URL
    private let http: HTTPClient

    public var baseURL: String { "http://127.0.0.1:\(gatewayPort)" }

    /// The CIDRs every issued session is pinned to (plus the requester's own address).
    public static let ipRestrictions = ["10.0.0.0/8", "2001:db8::/32"]

    /// - Parameters:
    ///   - benchmark: the benchmark's name, for the configuration and log files' names.
    ///   - extraConfiguration: top-level YAML appended to the configuration (keys not written here).
    public init(
        executable: String, estate: SignedEstate, redisPort: Int, motoEndpoint: String, hubKey: AWSCredentials, http: HTTPClient,
        benchmark: String = "credentials-benchmark", extraConfiguration: String = ""
    ) throws {
        self.http = http
        let ports = try (0..<5).map { _ in try ChildProcess.freePort() }
        gatewayPort = ports[0]
        let (auth, credentials, cache, requests) = (ports[1], ports[2], ports[3], ports[4])
        let accounts = estate.accounts.map { "  \"\($0.id)\": \($0.name)" }.joined(separator: "\n")
        let yaml = """
            # Written by \(benchmark) for one run.
            environment: dev
            url: http://127.0.0.1:\(gatewayPort)
            region: us-east-1
            listen: {gateway: 127.0.0.1:\(gatewayPort), auth: 127.0.0.1:\(auth), credentials: 127.0.0.1:\(credentials),
                     cache: 127.0.0.1:\(cache), requests: 127.0.0.1:\(requests)}
            services: {auth: [127.0.0.1:\(auth)], credentials: [127.0.0.1:\(credentials)], cache: [127.0.0.1:\(cache)],
                       requests: [127.0.0.1:\(requests)]}
            metrics: {listen: {gateway: "127.0.0.1:0"}}
            redis: {host: 127.0.0.1, port: \(redisPort)}
            dynamodb: {endpoint_url: "\(motoEndpoint)", create_tables: true}
            aws:
              endpoint_url: "\(motoEndpoint)"
              ip_restrictions: [\(Self.ipRestrictions.map { "\"\($0)\"" }.joined(separator: ", "))]
              ip_restrictions_on_requester_ip: true
            policies: {role_name: \(SignedEstate.spokeRole)}
            accounts:
            \(accounts)
            auth:
              alb: {public_key_url: "http://127.0.0.1:\(gatewayPort)/noauth/dev/alb-keys/{kid}"}
              dev_users: [{email: \(SignedEstate.user), groups: [\(SignedEstate.group)]}]
            logging: {format: json, level: info}
            \(extraConfiguration)
            """
        configFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(benchmark)-portico.yaml")
        try Data(yaml.utf8).write(to: configFile)
        server = try ChildProcess(
            executable, arguments: ["all", "--config", configFile.path],
            environment: [
                "AWS_ACCESS_KEY_ID": hubKey.accessKeyID, "AWS_SECRET_ACCESS_KEY": hubKey.secretAccessKey,
                "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
            ],
            port: gatewayPort, name: "portico", benchmark: benchmark)
    }

    public func stop() { server.stop() }

    /// Signs the benchmark user in through `/noauth/dev/login` (an ALB-format token checked by
    /// the real ALB path) and returns the session JWT, to send as a bearer token.
    public func signIn() async throws -> String {
        let response = try await http.execute(HTTPClient.Request(
            method: "POST", url: baseURL + "/noauth/dev/login",
            headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array("email=\(SignedEstate.user.replacingOccurrences(of: "@", with: "%40"))".utf8)))
        for cookie in response.headers.values(for: "Set-Cookie") where cookie.hasPrefix("consoleme_auth=") {
            let pair = cookie.split(separator: ";", maxSplits: 1)[0]
            return String(pair.dropFirst("consoleme_auth=".count))
        }
        throw BenchmarkError("the development sign-in answered \(response.status) without a session: \(response.bodyText.prefix(200))")
    }

    /// Waits until the cache has swept every account and the user sees all their roles.
    public func waitForRoles(_ count: Int, token: String, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            let response = try await http.execute(HTTPClient.Request(
                url: baseURL + "/api/v1/get_roles?all=true", headers: ["Authorization": "Bearer \(token)"]))
            last = "\(response.status) \(response.bodyText.prefix(200))"
            if response.status == 200,
               let roles = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String], roles.count >= count {
                return
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw BenchmarkError("the user does not see \(count) roles after \(timeout) (last answer: \(last))")
    }

    /// One credential request; returns the keys it gave.
    public func credentials(for role: String, token: String) async throws -> AWSCredentials {
        let response = try await http.execute(HTTPClient.Request(
            method: "POST", url: baseURL + "/api/v1/get_credentials",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
            body: Array(#"{"requested_role":"\#(role)"}"#.utf8)))
        guard response.status == 200,
              let body = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let keys = body["Credentials"] as? [String: Any],
              let id = keys["AccessKeyId"] as? String, let secret = keys["SecretAccessKey"] as? String,
              let session = keys["SessionToken"] as? String
        else { throw BenchmarkError("get_credentials answered \(response.status): \(response.bodyText.prefix(300))") }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: session)
    }
}
