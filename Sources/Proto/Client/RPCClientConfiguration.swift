public import PorticoTLS
public import PorticoCore

extension RPCClient {
    /// The endpoints of one service and how the client treats them.
    public struct Configuration: Sendable {
        /// The replicas of the service at fixed addresses (`services.<name>` entries `host:port`).
        public var endpoints: [HostPort]
        /// Names whose every address is a replica on the port given (`services.<name>` entries
        /// `dns:HOST:PORT`), found and followed as `resolution` says.
        public var dnsNames: [HostPort]
        public var resolution: Resolution
        /// The largest reply payload accepted (advertised to servers in SETTINGS).
        public var maxFrameSize: Int
        /// How long establishing a connection (TCP and preface exchange) may take.
        public var connectTimeout: Duration
        public var backoff: Backoff
        public var ejection: Ejection
        public var keepalive: Keepalive
        public var retry: Retry
        /// TLS to every endpoint (a client `TLSContext`: the CA to trust, optionally a client
        /// certificate); each endpoint's host is the name its certificate must carry. Nil:
        /// plain TCP.
        public var tls: TLSContext?

        public init(
            endpoints: [HostPort], maxFrameSize: Int = RPCWireFormat.defaultMaxFrameSize,
            connectTimeout: Duration = .seconds(5), backoff: Backoff = .defaults, ejection: Ejection = .defaults,
            keepalive: Keepalive = .defaults, retry: Retry = .defaults, tls: TLSContext? = nil,
            dnsNames: [HostPort] = [], resolution: Resolution = .defaults
        ) {
            self.endpoints = endpoints
            self.dnsNames = dnsNames
            self.resolution = resolution
            self.maxFrameSize = maxFrameSize
            self.connectTimeout = connectTimeout
            self.backoff = backoff
            self.ejection = ejection
            self.keepalive = keepalive
            self.retry = retry
            self.tls = tls
        }
    }

    /// Reconnection delays: `initial`, multiplied by `multiplier` per consecutive failure, at
    /// most `maximum`, each spread by ±`jitter` (a fraction) so clients do not reconnect in step.
    public struct Backoff: Sendable {
        public var initial: Duration
        public var maximum: Duration
        public var multiplier: Double
        public var jitter: Double

        public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5), multiplier: Double = 2, jitter: Double = 0.2) {
            self.initial = initial
            self.maximum = maximum
            self.multiplier = multiplier
            self.jitter = jitter
        }

        public static var defaults: Backoff { Backoff() }

        /// The delay before the next attempt after `failures` consecutive failures (≥ 1).
        func delay(afterFailures failures: Int) -> Duration {
            let exponent = Double(max(failures - 1, 0))
            let base = min(initial.seconds * pow(multiplier, exponent), maximum.seconds)
            let spread = base * jitter * Double.random(in: -1...1)
            return .nanoseconds(Int64(max(base + spread, 0) * 1e9))
        }
    }

    /// Taking a failing endpoint out of rotation: after `consecutiveFailures` failed connects
    /// or lost connections in a row it is not given calls for `duration` (doubling per repeated
    /// ejection, at most `maximumDuration`); then, once connected, a PING probes it back in.
    public struct Ejection: Sendable {
        public var consecutiveFailures: Int
        public var duration: Duration
        public var maximumDuration: Duration

        public init(consecutiveFailures: Int = 3, duration: Duration = .seconds(2), maximumDuration: Duration = .seconds(30)) {
            self.consecutiveFailures = consecutiveFailures
            self.duration = duration
            self.maximumDuration = maximumDuration
        }

        public static var defaults: Ejection { Ejection() }

        func duration(forEjection count: Int) -> Duration {
            let factor = pow(2, Double(max(count - 1, 0)))
            return .nanoseconds(Int64(min(duration.seconds * factor, maximumDuration.seconds) * 1e9))
        }
    }

    /// Keepalive: a connection that has read nothing for `interval` is sent a PING; without an
    /// answer within `timeout` it is closed (and reconnected).
    public struct Keepalive: Sendable {
        public var interval: Duration
        public var timeout: Duration

        public init(interval: Duration = .seconds(30), timeout: Duration = .seconds(10)) {
            self.interval = interval
            self.timeout = timeout
        }

        public static var defaults: Keepalive { Keepalive() }
    }

    /// Retrying: a call that failed UNAVAILABLE is tried again on another endpoint, within its
    /// deadline and at most `maxAttempts` times in all, when it was never processed (refused,
    /// GOAWAY) or its method is idempotent.
    public struct Retry: Sendable {
        public var maxAttempts: Int

        public init(maxAttempts: Int = 3) {
            self.maxAttempts = maxAttempts
        }

        public static var defaults: Retry { Retry() }
    }
}

extension RPCClient {
    /// One endpoint's state as the client sees it.
    public struct EndpointStatus: Sendable, Hashable {
        public var endpoint: HostPort
        /// Connected, not ejected, not draining: calls may go there.
        public var isReady: Bool
        /// Taken out of rotation after consecutive failures, until a probe succeeds.
        public var isEjected: Bool
        /// Failed connects and lost connections in a row.
        public var consecutiveFailures: Int
        /// Calls in flight through the endpoint.
        public var outstandingCalls: Int
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
