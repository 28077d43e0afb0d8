import AuthService
import Synchronization

/// Wall-clock seconds that move only when the test says, shared by the service under test and
/// the Google stand-in so token lifetimes can be crossed without waiting.
final class ManualClock: Sendable {
    private let seconds: Mutex<Int64>

    init(start: Int64 = 1_750_000_000) { seconds = Mutex(start) }

    var now: Int64 { seconds.withLock { $0 } }

    func advance(by delta: Int64) { seconds.withLock { $0 += delta } }

    var wallClock: WallClock { WallClock { [self] in now } }
}
