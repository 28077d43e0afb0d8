import CredentialService
import Foundation
import PorticoConfig
import PorticoTestSupport
import Synchronization
import Testing

extension BrokerIntegrationTests {
    /// A call its caller cuts off (deadline or cancellation) is on record as `cancelled`, at
    /// info: nothing failed but the caller's patience.
    @Suite struct CancelledCallAudit {
        /// Holds every request the STS stand-in gets until opened.
        final class Gate: Sendable {
            private let opened = Mutex(false)
            var isOpen: Bool { opened.withLock { $0 } }
            func open() { opened.withLock { $0 = true } }
        }

        @Test func aCallCutOffWhileSTSIsSlowIsOnRecordAsCancelledAtInfo() async throws {
            let gate = Gate()
            try await LoopbackHTTPServer.withRunning(handler: { _ in
                // An STS that does not answer while the caller waits.
                while !gate.isOpen { try? await Task.sleep(for: .milliseconds(20)) }
                return .init(status: 503)
            }) { sts in
                let bench = try BrokerBench(configure: { $0.aws.endpointURL = sts.baseURL })
                let alice = BrokerBench.engineer(from: "10.4.5.7")
                let call = Task {
                    try await bench.broker.issue(for: alice, requestedRole: Roles.prodAdmin, requestID: "cut-off-1")
                }
                try await awaitCondition("STS is asked") { sts.requestCount > 0 }
                call.cancel()
                let outcome = await call.result
                gate.open()
                #expect(throws: CredentialBrokerError.cancelled) { try outcome.get() }

                let events = try await bench.auditEntries()
                #expect(events.map { $0["request_id"] } == ["cut-off-1"])
                #expect(events.map { $0["outcome"] } == ["cancelled"])
                #expect(events.map { $0["reason"] } == ["cancelled"])
                let levels = bench.log.recorded.map(\.level)
                #expect(!levels.contains(.error) && !levels.contains(.critical))
                #expect(bench.log.lines.contains { $0.hasPrefix("info credential credentials cancelled") })
            }
        }
    }
}
