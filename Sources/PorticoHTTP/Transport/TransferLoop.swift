internal import CCurl
import Foundation
import Logging
import Synchronization

/// Runs every transfer of one client on one dedicated thread that drives a libcurl multi handle
/// (`curl_multi_perform` + `curl_multi_poll`), so blocking C calls never touch the cooperative
/// pool or an event loop. Other threads talk to it only through the lock-protected mailbox and
/// `curl_multi_wakeup`.
///
/// `@unchecked Sendable`: `active` is touched only by the loop's thread; everything shared sits
/// in the `Mutex`.
final class TransferLoop: @unchecked Sendable {
    private enum Command {
        case add(PendingTransfer)
        case cancel(ObjectIdentifier)
    }

    private struct Mailbox {
        /// Present while the loop runs; `wakeup` goes through it.
        var multi: CurlMultiHandle?
        var commands: [Command] = []
        var closing = false
        var stopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let mailbox: Mutex<Mailbox>
    private let logger: Logger
    /// Running transfers by easy handle; loop thread only.
    private var active: [UnsafeMutableRawPointer: EasyTransfer] = [:]
    /// How long one `poll` may sleep when nothing happens; new work wakes it at once.
    private static let idlePollMilliseconds: Int32 = 1000

    /// Starts the loop's thread; nil when libcurl cannot create a multi handle.
    init?(maxConnectionsPerHost: Int, logger: Logger) {
        guard let multi = CurlMultiHandle(maxConnectionsPerHost: maxConnectionsPerHost) else { return nil }
        self.mailbox = Mutex(Mailbox(multi: multi))
        self.logger = logger
        let thread = Thread { [self] in run(multi) }
        thread.name = "portico-http"
        thread.start()
    }

    /// Hands a transfer to the loop, or settles it with `.shutdown` when the loop is closing.
    func submit(_ pending: PendingTransfer) {
        let accepted = mailbox.withLock { box -> Bool in
            guard !box.closing, let multi = box.multi else { return false }
            box.commands.append(.add(pending))
            multi.wakeup()
            return true
        }
        if !accepted { pending.settle(.failure(HTTPClientError.shutdown)) }
    }

    /// Asks the loop to abandon a transfer whose caller was cancelled.
    func cancel(_ pending: PendingTransfer) {
        mailbox.withLock { box in
            guard !box.closing, let multi = box.multi else { return }
            box.commands.append(.cancel(ObjectIdentifier(pending)))
            multi.wakeup()
        }
    }

    /// Fails every transfer with `.shutdown`, frees every handle, ends the thread, and returns
    /// once all that is done.
    func shutdown() async {
        await withCheckedContinuation { continuation in
            let stopped = mailbox.withLock { box -> Bool in
                guard !box.stopped else { return true }
                box.stopWaiters.append(continuation)
                box.closing = true
                box.multi?.wakeup()
                return false
            }
            if stopped { continuation.resume() }
        }
    }

    /// Starts shutting down without waiting (for an owner that is going away).
    func requestShutdown() {
        mailbox.withLock { box in
            box.closing = true
            box.multi?.wakeup()
        }
    }

    // MARK: The loop's thread

    private func run(_ multi: CurlMultiHandle) {
        logger.debug("HTTP transfer loop started")
        while true {
            let (commands, closing) = mailbox.withLock { box in
                defer { box.commands = [] }
                return (box.commands, box.closing)
            }
            for command in commands { apply(command, closing: closing, multi: multi) }
            if closing { break }
            let performed = multi.perform()
            if performed != CURLM_OK { logger.warning("curl_multi_perform failed", metadata: ["code": "\(performed.rawValue)"]) }
            while let (easy, result) = multi.nextFinished() { finish(easy, result: result, multi: multi) }
            let polled = multi.poll(timeoutMilliseconds: Self.idlePollMilliseconds)
            if polled != CURLM_OK { logger.warning("curl_multi_poll failed", metadata: ["code": "\(polled.rawValue)"]) }
        }
        for (easy, transfer) in active {
            multi.remove(easy)
            transfer.pending.settle(.failure(HTTPClientError.shutdown))
        }
        active = [:]
        let (leftovers, waiters) = mailbox.withLock { box in
            defer {
                box.commands = []
                box.stopWaiters = []
            }
            box.multi = nil
            box.stopped = true
            return (box.commands, box.stopWaiters)
        }
        // Commands that slipped in before `closing` was seen.
        for case .add(let pending) in leftovers { pending.settle(.failure(HTTPClientError.shutdown)) }
        // `multi` is released when this frame ends: curl_multi_cleanup closes cached connections.
        logger.debug("HTTP transfer loop stopped")
        for waiter in waiters { waiter.resume() }
    }

    private func apply(_ command: Command, closing: Bool, multi: CurlMultiHandle) {
        switch command {
        case .add(let pending):
            if closing { return pending.settle(.failure(HTTPClientError.shutdown)) }
            if pending.isCancelled { return pending.settle(.failure(CancellationError())) }
            let transfer: EasyTransfer
            do {
                transfer = try EasyTransfer(pending)
            } catch {
                return pending.settle(.failure(error))
            }
            let added = multi.add(transfer.handle)
            guard added == CURLM_OK else {
                return pending.settle(.failure(HTTPClientError.transport(
                    code: Int(added.rawValue), reason: String(cString: curl_multi_strerror(added)))))
            }
            active[transfer.handle] = transfer
        case .cancel(let id):
            guard let (easy, transfer) = active.first(where: { ObjectIdentifier($0.value.pending) == id }) else {
                return  // finished already, or not added yet (the add sees the cancellation)
            }
            multi.remove(easy)
            active[easy] = nil
            logger.debug("HTTP request cancelled", metadata: metadata(transfer))
            transfer.pending.settle(.failure(CancellationError()))
        }
    }

    private func finish(_ easy: UnsafeMutableRawPointer, result: CURLcode, multi: CurlMultiHandle) {
        multi.remove(easy)
        guard let transfer = active.removeValue(forKey: easy) else { return }
        let outcome = transfer.outcome(result)
        var details = metadata(transfer)
        switch outcome {
        case .success(let response): details["status"] = "\(response.status)"
        case .failure(let error): details["error"] = "\(error)"
        }
        logger.debug("HTTP request finished", metadata: details)
        transfer.pending.settle(outcome.mapError { $0 })
    }

    /// What may be logged about a transfer: method, redacted URL, elapsed time; never headers.
    private func metadata(_ transfer: EasyTransfer) -> Logger.Metadata {
        let elapsed = ContinuousClock.now - transfer.started
        return [
            "method": "\(transfer.spec.method)",
            "url": "\(transfer.spec.redactedURL)",
            "elapsed_ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
        ]
    }
}
