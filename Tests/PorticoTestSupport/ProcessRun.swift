import Foundation

/// Runs a short-lived command to completion and captures its exit status and output.
public enum ProcessRun {
    public struct Result: Sendable {
        public var status: Int32
        /// Standard output and standard error together.
        public var output: String
    }

    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        let process = try ManagedProcess(executable: executable, arguments: arguments, environment: environment, name: "run")
        try process.start()
        try await runBlocking { process.wait() }
        return Result(status: process.exitCode ?? -1, output: process.tail(lines: 200))
    }
}
