public import Foundation

/// Caches credentials from another provider and renews them `refreshWindow` before they expire.
///
/// One refresh at a time: callers that arrive while a refresh runs await that same refresh (a
/// stored `Task`). If a refresh fails while the cached credentials are still valid, those are
/// returned (the next call tries again); once they have expired, the failure is thrown.
public actor RefreshingCredentialProvider: AWSCredentialProvider {
    private let source: any AWSCredentialProvider
    private let refreshWindow: Duration
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var refresh: Task<AWSCredentials, any Error>?
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
        if let refresh {
            waitingCallers += 1
            defer { waitingCallers -= 1 }
            return try await outcome(of: refresh)
        }
        let task = Task { [source] in try await source.credentials() }
        refresh = task
        defer { refresh = nil }
        let fresh = try await outcome(of: task)
        cached = fresh
        return fresh
    }

    /// Drops the cached credentials, so the next call fetches new ones (after a rotation, say).
    public func invalidate() {
        cached = nil
    }

    /// The refreshed credentials, or the still-valid cached ones when the refresh failed.
    private func outcome(of task: Task<AWSCredentials, any Error>) async throws -> AWSCredentials {
        do {
            return try await task.value
        } catch {
            if let cached, !cached.expires(within: .zero, of: now()) { return cached }
            throw error
        }
    }
}
