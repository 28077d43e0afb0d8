public import Foundation
import PorticoCore

/// Caches credentials from another provider and renews them `refreshWindow` before they expire.
///
/// One refresh at a time: callers that arrive while a refresh runs await that same refresh (a
/// `SingleFlight`). If a refresh fails while the cached credentials are still valid, those are
/// returned (the next call tries again); once they have expired, the failure is thrown.
public actor RefreshingCredentialProvider: AWSCredentialProvider {
    private let source: any AWSCredentialProvider
    private let refreshWindow: Duration
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private let refreshes = SingleFlight<Refresh, AWSCredentials, any Error>()
    /// Callers waiting on the running refresh besides the one that started it (for tests).
    private(set) var waitingCallers = 0

    public init(
        source: any AWSCredentialProvider, refreshWindow: Duration = .seconds(300),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.source = source
        self.refreshWindow = refreshWindow
        self.now = now
    }

    public func credentials() async throws -> AWSCredentials {
        if let cached, !cached.expires(within: refreshWindow, of: now()) { return cached }
        // The fresh credentials are kept before the refresh counts as ended, so no caller starts
        // another meanwhile.
        let (refresh, role) = refreshes.flight(for: .credentials) { [source] in
            let fresh = try await source.credentials()
            await self.keep(fresh)
            return fresh
        }
        guard role == .joined else { return try await outcome(of: refresh) }
        waitingCallers += 1
        defer { waitingCallers -= 1 }
        return try await outcome(of: refresh)
    }

    /// The one refresh there is.
    private enum Refresh: Hashable, Sendable { case credentials }

    private func keep(_ fresh: AWSCredentials) {
        cached = fresh
    }

    /// Drops the cached credentials, so the next call fetches new ones (after a rotation, say).
    public func invalidate() {
        cached = nil
    }

    /// The refreshed credentials, or the still-valid cached ones when the refresh failed.
    private func outcome(of refresh: SingleFlight<Refresh, AWSCredentials, any Error>.Flight) async throws -> AWSCredentials {
        do {
            return try await refresh.value.get()
        } catch {
            if let cached, !cached.expires(within: .zero, of: now()) { return cached }
            throw error
        }
    }
}
