import Synchronization

/// One call attempt on a client connection, shared by the calling task, its cancellation
/// handler and the event loop: whichever finishes it first (reply, deadline, cancellation,
/// connection loss) resumes the caller, exactly once.
final class ClientCallState: Sendable {
    /// How an attempt ended.
    enum Outcome: Sendable {
        case reply(RPCReplyFrame)
        /// Failed without a reply; `notProcessed` when the server cannot have run it.
        case failed(RPCError, notProcessed: Bool)
    }

    private enum Phase {
        case created
        case waiting(CheckedContinuation<Outcome, Never>)
        case finished(Outcome)
        case resumed
    }

    let streamID: UInt32
    private let phase = Mutex(Phase.created)

    init(streamID: UInt32) {
        self.streamID = streamID
    }

    /// Stores the caller's continuation, or resumes it at once when the attempt already ended.
    /// Returns whether the attempt is still running.
    func install(_ continuation: CheckedContinuation<Outcome, Never>) -> Bool {
        let early: Outcome? = phase.withLock { phase in
            switch phase {
            case .created:
                phase = .waiting(continuation)
                return nil
            case .finished(let outcome):
                phase = .resumed
                return outcome
            case .waiting, .resumed:
                return nil
            }
        }
        guard let early else { return true }
        continuation.resume(returning: early)
        return false
    }

    /// Ends the attempt with `outcome` unless it already ended; returns whether this call ended it.
    @discardableResult
    func finish(_ outcome: Outcome) -> Bool {
        let (ended, continuation): (Bool, CheckedContinuation<Outcome, Never>?) = phase.withLock { phase in
            switch phase {
            case .created:
                phase = .finished(outcome)
                return (true, nil)
            case .waiting(let continuation):
                phase = .resumed
                return (true, continuation)
            case .finished, .resumed:
                return (false, nil)
            }
        }
        continuation?.resume(returning: outcome)
        return ended
    }

    var isFinished: Bool {
        phase.withLock { phase in
            switch phase {
            case .created, .waiting: false
            case .finished, .resumed: true
            }
        }
    }
}
