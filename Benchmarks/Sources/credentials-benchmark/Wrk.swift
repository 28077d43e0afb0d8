import BenchmarkSupport
import Foundation

/// One request for wrk to repeat.
struct WrkLoad {
    let name: String
    let url: String
    var method = "GET"
    var headers: [(String, String)] = []
    var body: String?
}

/// What one wrk run measured (latencies in microseconds).
struct WrkResult {
    let requests: Int
    let durationMicros: Double
    let p50: Double
    let p99: Double
    let max: Double
    /// Connect, read, write errors and timeouts.
    let socketErrors: Int
    /// Answers other than 2xx/3xx.
    let badStatus: Int

    var perSecond: Double { durationMicros > 0 ? Double(requests) / (durationMicros / 1_000_000) : 0 }
}

/// Drives loads with wrk (`--latency`) through a Lua script written for each load into a
/// private temporary directory: the request (method, headers, body) and a `done` hook that
/// prints the figures on one line for this program to read.
struct Wrk {
    let executable: String
    let threads: Int
    let connections: Int
    let scripts: URL

    init(threads: Int, connections: Int) throws {
        executable = try ChildProcess.locate("wrk")
        self.threads = threads
        self.connections = connections
        scripts = FileManager.default.temporaryDirectory.appendingPathComponent("credentials-benchmark-\(UUID().uuidString)")
        // The scripts hold a session token and a signed AWS request: readable by this user only.
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }

    func removeScripts() { try? FileManager.default.removeItem(at: scripts) }

    func run(_ load: WrkLoad, seconds: Int) throws -> WrkResult {
        let script = scripts.appendingPathComponent("\(load.name).lua")
        try Data(try Self.lua(load).utf8).write(to: script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "-t", String(threads), "-c", String(connections), "-d", "\(seconds)s", "--timeout", "10s", "--latency",
            "-s", script.path, load.url,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("portico-wrk ") })
        else { throw BenchmarkError("wrk failed for \(load.name): \(text.suffix(500))") }
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count == 7 else { throw BenchmarkError("unexpected wrk summary: \(line)") }
        return WrkResult(
            requests: Int(fields[0]), durationMicros: fields[1], p50: fields[2], p99: fields[3], max: fields[4],
            socketErrors: Int(fields[5]), badStatus: Int(fields[6]))
    }

    private static func lua(_ load: WrkLoad) throws -> String {
        var lines = ["wrk.method = \(try quoted(load.method))"]
        if let body = load.body { lines.append("wrk.body = \(try quoted(body))") }
        for (name, value) in load.headers { lines.append("wrk.headers[ \(try quoted(name)) ] = \(try quoted(value))") }
        lines.append("""
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("portico-wrk %.0f %.0f %.0f %.0f %.0f %.0f %.0f\\n", summary.requests, summary.duration,
                latency:percentile(50), latency:percentile(99), latency.max,
                e.connect + e.read + e.write + e.timeout, e.status))
            end
            """)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Lua long string holding `text` as is.
    private static func quoted(_ text: String) throws -> String {
        guard !text.contains("]==]"), !text.contains("\n") else { throw BenchmarkError("cannot quote \(text.prefix(20))… for Lua") }
        return "[==[" + text + "]==]"
    }
}
