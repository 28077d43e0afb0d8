import Foundation

/// Wall-clock time in whole seconds since the Unix epoch: what JWT `iat`/`exp` and access-token
/// lifetimes are measured in. Tests pass their own to move time without waiting.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Int64

    /// A clock reading `now`.
    public init(now: @escaping @Sendable () -> Int64) {
        self.read = now
    }

    /// The current time, in seconds since 1970-01-01T00:00:00Z.
    public var now: Int64 { read() }

    /// The system's clock.
    public static var system: WallClock {
        WallClock { Int64(Date().timeIntervalSince1970.rounded(.down)) }
    }
}
