import AuthService
import Foundation
import Synchronization

/// Wall-clock seconds that move only when the test says, shared by the service under test and
/// the Google stand-in so token lifetimes can be crossed without waiting.
final class ManualClock: Sendable {
    private let seconds: Mutex<Int64>

    /// Starts at the real time, so assertions a service signs with the system clock verify too.
    init(start: Int64 = Int64(Date().timeIntervalSince1970)) { seconds = Mutex(start) }

    var now: Int64 { seconds.withLock { $0 } }

    func advance(by delta: Int64) { seconds.withLock { $0 += delta } }

    var wallClock: WallClock { WallClock { [self] in now } }
}
