import ArgumentParser
import Foundation
import Logging
import PorticoConfig
import PorticoHTTP
import PorticoRedis
import PorticoService

/// `portico-server audit`: checks and searches the tamper-evident audit trail.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify and search the audit trail (the S3 archive and the Redis streams).",
        subcommands: [AuditVerifyCommand.self, AuditSearchCommand.self])
}

/// Options both audit subcommands take.
struct AuditOptions: ParsableArguments {
    @OptionGroup var server: ServerOptions

    @Option(name: .long, help: "An audit stream (repeatable; default: aws.audit.stream and auth.session.audit_stream).")
    var stream: [String] = []

    func streams(_ configuration: PorticoConfiguration) -> [String] {
        stream.isEmpty ? AuditArchiver.configuredStreams(configuration).map(\.name) : stream
    }
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk each stream's chain, archive then stream, and report the first broken link, gap or reordering.",
        discussion: "Exits 0 when every chain is whole, 1 at the first problem, 78 on bad configuration.")
    @OptionGroup var options: AuditOptions

    func run() async throws {
        let configuration = try Launcher(options: options.server).loadConfiguration().configuration
        let (redis, http) = clients(configuration)
        let archive = AuditArchive.configured(configuration, http: http, logger: quietLogger)
        if archive == nil { print("audit.archive.bucket is unset: checking the streams only") }
        var broken = false
        var failure: (any Error)?
        for stream in options.streams(configuration) {
            let outcome: AuditVerification
            do {
                outcome = try await AuditVerifier(archive: archive, reader: AuditStreamReader(redis: redis, stream: stream)).verify()
            } catch {
                printError("portico-server: cannot read the audit trail of \(stream): \(error)")
                failure = error
                break
            }
            if let problem = outcome.problem {
                broken = true
                print("\(stream): \(problem)")
            } else {
                print("\(stream): whole, seq 1-\(outcome.lastSeq) (\(outcome.archivedEvents) archived, \(outcome.streamEvents) in the stream)")
            }
        }
        await redis.shutdown()
        await http.shutdown()
        if broken || failure != nil { throw ExitCode(1) }
    }
}

struct AuditSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Print the archived events matching every criterion given, as JSON lines.")
    @OptionGroup var options: AuditOptions

    @Option(name: .long, help: "The user (or actor) of the event.")
    var user: String?

    @Option(name: .long, help: "The role (ARN or name) the event is about.")
    var role: String?

    @Option(name: .long, help: "Only events at or after this time: ISO 8601 (2026-12-03T16:00:00Z), a date, or Unix seconds.")
    var since: String?

    func run() async throws {
        let configuration = try Launcher(options: options.server).loadConfiguration().configuration
        var query = AuditQuery(user: user, role: role)
        if let since {
            guard let milliseconds = Self.milliseconds(since) else {
                throw ValidationError("--since: expected ISO 8601 (2026-12-03T16:00:00Z), a date (2026-12-03) or Unix seconds, found '\(since.prefix(40))'")
            }
            query.since = milliseconds
        }
        guard configuration.audit.archive.bucket != nil else {
            printError("portico-server: audit search answers from the archive: set audit.archive.bucket")
            throw Launcher.configurationExitCode
        }
        let (redis, http) = clients(configuration)
        await redis.shutdown()
        guard let archive = AuditArchive.configured(configuration, http: http, logger: quietLogger) else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for stream in options.streams(configuration) {
            let events: [ChainedAuditEvent]
            do {
                events = try await AuditSearch(archive: archive).events(stream: stream, matching: query)
            } catch {
                printError("portico-server: cannot read the audit archive of \(stream): \(error)")
                await http.shutdown()
                throw ExitCode(1)
            }
            for event in events {
                print(String(decoding: try encoder.encode(Found(stream: stream, event: event)), as: UTF8.self))
            }
        }
        await http.shutdown()
    }

    /// One line of the answer: the stream and the event.
    struct Found: Encodable {
        let stream: String
        let event: ChainedAuditEvent
    }

    /// Unix milliseconds of an ISO 8601 time, a date (midnight UTC) or Unix seconds.
    static func milliseconds(_ text: String) -> Int64? {
        if let seconds = Int64(text), seconds >= 0 { return seconds * 1000 }
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return Int64(date.timeIntervalSince1970 * 1000) }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text) { return Int64(date.timeIntervalSince1970 * 1000) }
        return nil
    }
}

private let quietLogger = Logger(label: "portico.audit") { _ in SwiftLogNoOpLogHandler() }

private func clients(_ configuration: PorticoConfiguration) -> (RedisClient, HTTPClient) {
    let settings = configuration.redis
    let redis = RedisClient(
        configuration: RedisConfiguration(
            host: settings.host, port: settings.port, db: settings.db, password: settings.password?.exposed, poolSize: 2),
        logger: quietLogger)
    return (redis, HTTPClient(configuration: HTTPClient.Configuration(), logger: quietLogger))
}
