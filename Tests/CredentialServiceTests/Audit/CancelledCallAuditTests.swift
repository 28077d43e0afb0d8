import CredentialService
import Foundation
import PorticoConfig
import PorticoTestSupport
import Proto
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
                // Whatever happens, the stand-in lets its held requests go, so it can stop.
                defer { gate.open() }
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

        @Test func aCallPastTheCallersDeadlineIsOnRecordAsCancelled() async throws {
            let gate = Gate()
            let stack = try #require(BrokerStack.current)
            try await LoopbackHTTPServer.withRunning(handler: { _ in
                while !gate.isOpen { try? await Task.sleep(for: .milliseconds(20)) }
                return .init(status: 503)
            }) { sts in
                defer { gate.open() }
                try await OverTheWire.withServer(awsEndpoint: sts.baseURL) { running in
                    try await OverTheWire.withClient(running, identity: "gateway", secret: OverTheWire.sharedSecret) { client in
                        let alice = BrokerBench.engineer(from: "10.4.5.8")
                        let refused = await #expect(throws: RPCError.self) {
                            _ = try await client.call(
                                CredentialsMethods.getCredentials,
                                GetCredentialsRequest(
                                    principal: Proto.Principal(user: alice.user, groups: alice.groups), sourceIP: "10.4.5.8",
                                    requestedRole: Roles.prodAdmin),
                                options: CallOptions(timeout: .seconds(1), requestID: "deadline-1"))
                        }
                        #expect(refused?.code == .deadlineExceeded)
                        var events: [[String: String]] = []
                        try await awaitCondition("the cut-off call is on record") {
                            events = try await stack.auditEntries(stream: running.configuration.aws.audit.stream)
                            return !events.isEmpty
                        }
                        gate.open()
                        #expect(events.map { $0["request_id"] } == ["deadline-1"])
                        #expect(events.map { $0["outcome"] } == ["cancelled"])
                        #expect(events.map { $0["reason"] } == ["cancelled"])
                        #expect(!running.log.recorded.contains { $0.level == .error })
                    }
                }
            }
        }
    }
}
