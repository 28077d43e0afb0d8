import Synchronization

/// The call ids of the tokens a verifier accepted that are still within their validity, so a
/// replayed token is refused. Ids are grouped by the second after which their token is refused
/// as expired anyway (`expiresAt + clockSkew`); a group is dropped once that second has passed,
/// so memory holds at most the calls of one token lifetime plus twice the skew, and never more
/// than `capacity` ids (beyond that, calls are refused rather than replays let through).
final class RecentCallIDs: Sendable {
    enum Outcome {
        case accepted
        case replayed
        case full
    }

    let capacity: Int
    private let state = Mutex(State())

    private struct State {
        var byExpiry: [Int64: Set<ServiceTokenCallID>] = [:]
        var count = 0
        var earliest = Int64.max
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Records `id`, whose token is refused as expired from `forgetAt` on; `.replayed` when it
    /// was already recorded.
    func record(_ id: ServiceTokenCallID, forgetAt: Int64, now: Int64) -> Outcome {
        state.withLock { state in
            if state.earliest <= now { Self.forget(upTo: now, in: &state) }
            if state.byExpiry[forgetAt]?.contains(id) == true { return .replayed }
            guard state.count < capacity else { return .full }
            state.byExpiry[forgetAt, default: []].insert(id)
            state.count += 1
            state.earliest = min(state.earliest, forgetAt)
            return .accepted
        }
    }

    /// How many ids are held now.
    var count: Int { state.withLock { $0.count } }

    private static func forget(upTo now: Int64, in state: inout State) {
        for (second, ids) in state.byExpiry where second <= now {
            state.count -= ids.count
            state.byExpiry[second] = nil
        }
        state.earliest = state.byExpiry.keys.min() ?? .max
    }
}
