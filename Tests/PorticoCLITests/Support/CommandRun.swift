import Foundation
import PorticoTestSupport

/// A short-lived command run to completion with its standard output and standard error kept
/// apart (`credential_process` and `export` print their result on stdout, messages on stderr).
/// Waited for off the cooperative pool.
struct CommandRun: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String

    var output: String { stdout + stderr }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) async throws -> CommandRun {
        let path = try ManagedProcess.locate(executable)
        return try await runBlocking {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            process.environment = environment
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            // Read both pipes to their ends concurrently so neither fills up and blocks the child.
            let errorData = LockedData()
            let reader = Thread { errorData.set(err.fileHandleForReading.readDataToEndOfFile()) }
            reader.start()
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            while !errorData.isSet { usleep(1000) }
            return CommandRun(
                status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                stderr: String(decoding: errorData.value, as: UTF8.self))
        }
    }
}

/// Bytes handed from a reader thread to the waiting one.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data) { lock.withLock { data = value } }
    var isSet: Bool { lock.withLock { data != nil } }
    var value: Data { lock.withLock { data ?? Data() } }
}
