import Foundation
import Logging
import PorticoAWS
public import ServiceLifecycle

/// Consumes IAM change events from the hub account's SQS queue (`cache.events`), a lifecycle
/// `Service` of every cache process: long-polls the queue, reads each message
/// (`IAMChangeEvent`), reads the one role it names again through RefreshItem's path, counts
/// denied calls (`DeniedCalls`), and deletes the message once handled.
///
/// - A malformed message is counted and deleted, never retried.
/// - A refresh AWS or Redis could not finish leaves the message on the queue: SQS hands it out
///   again after its visibility timeout.
/// - Every replica may consume: SQS gives each message to one of them, and a refresh read twice
///   writes the same item twice (refreshes are idempotent), so no lease is needed.
public final class EventConsumer: Service, Sendable {
    let sqs: SQSClient
    let queueURL: String
    let settings: Settings
    let itemRefresh: ItemRefresh
    let queries: CacheQueries
    let denied: DeniedCalls
    let metrics: CacheMetrics
    let logger: Logger

    /// How the queue is read.
    struct Settings: Sendable {
        var waitSeconds: Int
        var visibilityTimeout: Int
        var consumers: Int
    }

    init(
        sqs: SQSClient, queueURL: String, settings: Settings, itemRefresh: ItemRefresh, queries: CacheQueries,
        denied: DeniedCalls, metrics: CacheMetrics, logger: Logger
    ) {
        self.sqs = sqs
        self.queueURL = queueURL
        self.settings = settings
        self.itemRefresh = itemRefresh
        self.queries = queries
        self.denied = denied
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        logger.info("consuming IAM change events", metadata: ["consumers": "\(settings.consumers)"])
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for _ in 0..<self.settings.consumers {
                    group.addTask { await self.loop() }
                }
            }
        }
        logger.info("IAM change events no longer consumed")
    }

    /// Receive, handle, delete, until cancelled; a failed receive backs off and tries again.
    private func loop() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let messages = try await sqs.receiveMessages(
                    queueURL: queueURL, maxMessages: 10, waitSeconds: settings.waitSeconds,
                    visibilityTimeout: settings.visibilityTimeout)
                failures = 0
                await withDiscardingTaskGroup { group in
                    for message in messages {
                        group.addTask { await self.handle(message) }
                    }
                }
            } catch {
                if Task.isCancelled { break }
                failures += 1
                logger.warning("events queue could not be read; retrying", metadata: [
                    "error": "\(JobRunner.describe(error))", "failures": "\(failures)",
                ])
                try? await Task.sleep(for: .milliseconds(min(10_000, 200 << min(failures, 6))))
            }
        }
    }

    /// Handles one message; deletes it unless it should come back (a refresh that failed for a
    /// reason that may pass).
    func handle(_ message: SQSClient.Message) async {
        let outcome = await outcome(of: message)
        metrics.event(outcome: outcome.rawValue)
        guard outcome != .retried else { return }
        do {
            try await sqs.deleteMessage(queueURL: queueURL, receiptHandle: message.receiptHandle)
        } catch {
            logger.warning("handled event not deleted; it will be handled again", metadata: [
                "message": "\(message.messageID.prefix(80))", "error": "\(JobRunner.describe(error))",
            ])
        }
    }

    /// How a message ended.
    enum Outcome: String, Sendable {
        case refreshed, denied, ignored, malformed, unknownAccount = "unknown_account", retried
    }

    func outcome(of message: SQSClient.Message) async -> Outcome {
        let event: IAMChangeEvent
        do {
            event = try IAMChangeEvent(body: message.body)
        } catch {
            logger.notice("malformed event dropped", metadata: ["message": "\(message.messageID.prefix(80))", "reason": "\(error)"])
            return .malformed
        }
        switch event {
        case .ignored:
            return .ignored
        case .denied(let call):
            do {
                try await denied.record(call)
                return .denied
            } catch {
                logger.warning("denied call not counted; the event comes back", metadata: ["error": "\(JobRunner.describe(error))"])
                return .retried
            }
        case .roleChanged(let role):
            do {
                let arn = try await resolve(role)
                let (item, _) = try await itemRefresh.refresh(arn: arn)
                logger.info("role refreshed from an event", metadata: ["arn": "\(arn.prefix(200))", "present": "\(item != nil)"])
                return .refreshed
            } catch let error as CacheError {
                switch error {
                case .invalidArgument, .notReady, .notFound, .corrupt:
                    // An account the cache does not sweep (or has not swept yet): the next sweep reads it.
                    logger.notice("event for a role the cache cannot refresh", metadata: [
                        "account": "\(role.account)", "reason": "\(error.rpcError.message.prefix(200))",
                    ])
                    return .unknownAccount
                case .unavailable:
                    return .retried
                }
            } catch {
                logger.warning("role not refreshed from an event; the event comes back", metadata: [
                    "account": "\(role.account)", "error": "\(JobRunner.describe(error))",
                ])
                return .retried
            }
        }
    }

    /// The role's ARN: the one the event carried, else the cached role of that name in that
    /// account (which keeps its path), else the ARN without a path.
    func resolve(_ role: IAMChangeEvent.RoleReference) async throws -> String {
        if let arn = role.arn { return arn }
        let matches = try await queries.typeahead(prefix: role.name, types: [.role], accounts: [role.account], limit: 100)
        if let match = matches.first(where: { $0.name.lowercased() == role.name.lowercased() }) { return match.arn }
        return role.plainARN
    }
}
