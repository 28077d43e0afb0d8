import Foundation
import PorticoTestSupport
import Synchronization
import Testing

@testable import PorticoAWS

@Suite struct RefreshingCredentialProviderTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let seconds = Mutex(1_700_000_000.0)
        var now: Date { Date(timeIntervalSince1970: seconds.withLock { $0 }) }
        func advance(by interval: Double) { seconds.withLock { $0 += interval } }
    }

    /// A source that counts its calls and hands out numbered credentials with a chosen lifetime.
    /// With `gated`, each call waits until the test opens the gate.
    actor CountingSource: AWSCredentialProvider {
        private let clock: ManualClock
        private let lifetimes: [Double]
        private(set) var calls = 0
        private var failing = false
        private var gate: CheckedContinuation<Void, Never>?
        private var gateOpen: Bool

        init(clock: ManualClock, lifetimes: [Double], gated: Bool = false) {
            self.clock = clock
            self.lifetimes = lifetimes
            self.gateOpen = !gated
        }

        func credentials() async throws -> AWSCredentials {
            calls += 1
            let number = calls
            if !gateOpen { await withCheckedContinuation { gate = $0 } }
            if failing { throw AWSCredentialsError.sourceFailed(source: "test", reason: "down") }
            let lifetime = lifetimes[min(number, lifetimes.count) - 1]
            return AWSCredentials(
                accessKeyID: "AKIA\(number)", secretAccessKey: "s\(number)", sessionToken: "t\(number)",
                expiration: clock.now.addingTimeInterval(lifetime))
        }

        func openGate() {
            gateOpen = true
            gate?.resume()
            gate = nil
        }

        func fail(_ value: Bool) { failing = value }
    }

    @Test func credentialsExpiringWithinTheWindowAreRefreshed() async throws {
        let clock = ManualClock()
        let source = CountingSource(clock: clock, lifetimes: [120, 3600])
        let provider = RefreshingCredentialProvider(source: source, refreshWindow: .seconds(300), now: { clock.now })

        #expect(try await provider.credentials().accessKeyID == "AKIA1")  // fresh fetch, though short-lived
        #expect(try await provider.credentials().accessKeyID == "AKIA2")  // inside the 5-minute window: renewed
        #expect(try await provider.credentials().accessKeyID == "AKIA2")  // an hour left: cached
        #expect(await source.calls == 2)

        clock.advance(by: 3600 - 299)
        #expect(try await provider.credentials().accessKeyID == "AKIA3")
        #expect(await source.calls == 3)
    }

    @Test func concurrentCallersShareOneRefresh() async throws {
        let clock = ManualClock()
        let source = CountingSource(clock: clock, lifetimes: [3600], gated: true)
        let provider = RefreshingCredentialProvider(source: source, now: { clock.now })
        let callers = 25

        let results = Task {
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<callers { group.addTask { try await provider.credentials().accessKeyID } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
        }
        // The one refresh has reached the source and every other caller is parked on it before
        // the source may answer.
        try await awaitCondition("callers waiting on the refresh", timeout: 90) {
            let waiting = await provider.waitingCallers
            let calls = await source.calls
            return waiting == callers - 1 && calls >= 1
        }
        await source.openGate()
        let keys = try await results.value
        #expect(keys == Array(repeating: "AKIA1", count: callers))
        #expect(await source.calls == 1)
    }

    @Test func aFailedRefreshFallsBackToStillValidCredentialsOnly() async throws {
        let clock = ManualClock()
        let source = CountingSource(clock: clock, lifetimes: [200])
        let provider = RefreshingCredentialProvider(source: source, refreshWindow: .seconds(300), now: { clock.now })
        #expect(try await provider.credentials().accessKeyID == "AKIA1")

        await source.fail(true)
        #expect(try await provider.credentials().accessKeyID == "AKIA1")  // refresh failed, 200 s still valid
        clock.advance(by: 201)
        await #expect(throws: AWSCredentialsError.self) { _ = try await provider.credentials() }

        await source.fail(false)
        #expect(try await provider.credentials().accessKeyID == "AKIA4")
    }
}
