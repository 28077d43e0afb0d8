import Foundation
import PorticoAPI
import PorticoStackSupport
import PorticoTestSupport
import Testing

/// One user's machine for the CLI tests: a temporary `HOME` holding portico's configuration
/// (the gateway's URL), its session and cache, and the AWS files; commands run as real
/// processes (`portico`, `aws`, `python3`, `bash`) with nothing from the test runner's AWS
/// environment, so only what portico provides can sign their calls.
struct CLIHome: Sendable {
    let home: String
    let portico: RunningPortico

    init(portico: RunningPortico) throws {
        self.portico = portico
        home = FileManager.default.temporaryDirectory.appendingPathComponent("portico-cli-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: home + "/.config/portico", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        try "url: \(portico.gatewayURL)\nregion: us-east-1\n".write(toFile: home + "/.config/portico/config.yaml", atomically: true, encoding: .utf8)
    }

    var porticoPath: String { get throws { try BuiltProduct.path("portico") } }
    var awsConfig: String { home + "/.aws/config" }
    var awsCredentials: String { home + "/.aws/credentials" }
    var sessionFile: String { home + "/.config/portico/session" }
    var cacheDirectory: String { home + "/.cache/portico/credentials" }

    /// The environment of every command: this HOME, AWS calls to moto, no credentials of the runner's.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("PORTICO_") }
        environment["HOME"] = home
        environment.removeValue(forKey: "XDG_CONFIG_HOME")
        environment.removeValue(forKey: "XDG_CACHE_HOME")
        environment.removeValue(forKey: "DISPLAY")
        environment.removeValue(forKey: "WAYLAND_DISPLAY")
        environment["AWS_ENDPOINT_URL"] = portico.moto.endpoint
        environment["AWS_EC2_METADATA_DISABLED"] = "true"
        environment["AWS_CONFIG_FILE"] = awsConfig
        environment["AWS_SHARED_CREDENTIALS_FILE"] = awsCredentials
        environment["PATH"] = (try? URL(fileURLWithPath: porticoPath).deletingLastPathComponent().path).map {
            $0 + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        } ?? environment["PATH"]
        return environment
    }

    func portico(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> CommandRun {
        try await CommandRun.run(try porticoPath, arguments, environment: environment.merging(extra) { $1 })
    }

    func run(_ executable: String, _ arguments: [String], environment extra: [String: String] = [:]) async throws -> CommandRun {
        try await CommandRun.run(executable, arguments, environment: environment.merging(extra) { $1 })
    }

    /// Runs a Python (boto3) script with `extra` in its environment.
    func python(_ script: String, environment extra: [String: String] = [:]) async throws -> CommandRun {
        try await run("python3", ["-c", script], environment: extra)
    }

    /// `portico login --user email`, approved by `email`'s signed-in browser as the approval page
    /// would: the test reads the URL the CLI prints and posts the approval.
    func login(as email: String) async throws {
        let login = try ManagedProcess(
            executable: try porticoPath, arguments: ["login", "--user", email], environment: environment, name: "cli-login")
        try login.start()
        var approvalURL: String?
        try await awaitCondition("portico login prints the approval URL", timeout: 30, every: 0.1) {
            approvalURL = login.tail(lines: 20).split(whereSeparator: \.isWhitespace).map(String.init)
                .first { $0.contains("/api/v2/challenge_validator/") }
            return approvalURL != nil || !login.isRunning
        }
        let url = try #require(approvalURL, "portico login printed no URL: \(login.tail())")
        let gateway = GatewayCaller(portico: portico)
        let approval = try await gateway.call(url, method: "POST", as: try await gateway.signInBrowser(email))
        #expect(approval.status == 200, "approval: \(approval.bodyText)")
        try await runBlocking { login.wait() }
        #expect(login.exitCode == 0, "portico login: \(login.tail())")
    }

    /// A signed-in home for `email`.
    static func signedIn(_ email: String) async throws -> CLIHome {
        let home = try CLIHome(portico: try RunningPortico.require())
        try await home.login(as: email)
        return home
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
    func write(_ text: String, to path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }
}

extension RunningPortico {
    /// How many `get_credentials` calls the gateway has answered `ok` (from its `/metrics`).
    func credentialCalls() async throws -> Int {
        let response = try await http.execute(.init(
            url: gatewayURL + "/metrics", headers: ["Authorization": "Bearer \(Self.metricsToken)"]))
        #expect(response.status == 200, "metrics: \(response.status)")
        let text = response.bodyText
        return text.split(separator: "\n").filter {
            $0.contains("requests_total{") && $0.contains("route=\"get_credentials\"") && $0.contains("outcome=\"ok\"")
        }.compactMap { line in line.split(separator: " ").last.flatMap { Double($0) } }.map { Int($0) }.reduce(0, +)
    }
}
