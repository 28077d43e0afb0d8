import CredentialService
import Foundation
import PorticoConfig
import PorticoRedis
import PorticoTestSupport
import Testing

extension BrokerIntegrationTests {
    /// Every issuance and refusal on record, in the log and on the Redis stream, without secrets.
    @Suite struct Audit {
        @Test func anIssuanceIsOneStreamEntryAndOneInfoLogLine() async throws {
            let bench = try BrokerBench()
            let alice = BrokerBench.engineer(from: "10.4.5.6")
            _ = try await bench.broker.issue(for: alice, requestedRole: Roles.prodAdmin, requestID: "audit-1")
            let requested = "engineering-readonly"
            let second = try await bench.broker.issue(for: alice, requestedRole: requested, requestID: "audit-2")

            let events = try await bench.auditEntries()
            #expect(events.count == 2)
            let event = try #require(events.last)
            #expect(event["request_id"] == "audit-2")
            #expect(event["action"] == "credentials" && event["outcome"] == "issued" && event["reason"] == "ok")
            #expect(event["user"] == alice.user && event["groups"] == "engineering")
            #expect(event["requested_role"] == requested && event["role"] == Roles.prodReadOnly)
            #expect(event["source_ip"] == "10.4.5.6")
            #expect(event["session_name"] == alice.user && event["duration_seconds"] == "3600")
            #expect(event["access_key_id"] == second.accessKeyID && event["expiration"] == String(second.expiration))
            #expect(event["session_policy_sha256"]?.count == 64)
            #expect(event["client"] == nil)
            let time = try #require(event["time"])
            #expect(try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(time) <= Date())

            let lines = bench.log.lines.filter { $0.contains("credential credentials issued") }
            #expect(lines.count == 2)
            #expect(lines.allSatisfy { $0.hasPrefix("info ") && $0.contains("audit.request_id") })
            #expect(lines.last?.contains(second.accessKeyID) == true)
        }

        @Test func aRefusalIsOnRecordWithItsReasonAndMatches() async throws {
            let bench = try BrokerBench()
            let alice = BrokerBench.engineer(from: "10.4.5.7")
            _ = try? await bench.broker.issue(for: alice, requestedRole: "admin", requestID: "audit-3")
            let event = try #require(try await bench.auditEntries().first)
            #expect(event["outcome"] == "refused" && event["reason"] == "ambiguous_role")
            #expect(event["matches"] == "\(Roles.prodAdmin),\(Roles.stagingAdmin)")
            #expect(event["requested_role"] == "admin" && event["role"] == nil)
            #expect(event["user"] == alice.user && event["source_ip"] == "10.4.5.7")
            #expect(event["access_key_id"] == nil)
            #expect(bench.log.lines.contains { $0.hasPrefix("info credential credentials refused") })
        }

        @Test func noSecretReachesTheLogOrTheStream() async throws {
            let bench = try BrokerBench()
            let federation = try await FederationStandIn.start(
                motoEndpoint: bench.stack.moto.endpoint, http: bench.stack.http, logger: bench.stack.logger)
            defer { Task { await federation.stop() } }
            let alice = BrokerBench.engineer()
            let issued = try await bench.broker.issue(for: alice, requestedRole: Roles.prodAdmin, requestID: "audit-4")
            let signIn = ConsoleSignIn(
                configuration: ConsoleSignIn.Configuration(federationURL: federation.url, issuer: "Portico Tests"),
                broker: bench.broker, http: bench.stack.http)
            _ = try await signIn.login(for: alice, requestedRole: Roles.prodAdmin, requestID: "audit-5")
            _ = try? await bench.broker.issue(for: alice, requestedRole: "nothing-like-it", requestID: "audit-6")

            let token = try #require(federation.grants.first?.token)
            let secrets = [
                issued.secretAccessKey, issued.sessionToken, token, bench.stack.moto.hubKey.secretAccessKey,
            ]
            let logged = bench.log.lines.joined(separator: "\n")
            let stored = try await bench.stack.rawAuditText(stream: bench.stream)
            #expect(stored.contains(issued.accessKeyID))      // the id is there, to find the session in CloudTrail
            #expect(try await bench.auditEntries().count == 4)   // issued, console credentials + sign-in, refused
            for secret in secrets {
                #expect(!logged.contains(secret))
                #expect(!stored.contains(secret))
            }
            for text in ["\(issued)", String(reflecting: issued), { var out = ""; dump(issued, to: &out); return out }()] {
                #expect(!text.contains(issued.secretAccessKey) && !text.contains(issued.sessionToken))
            }
        }

        @Test func theStreamIsTrimmedToAboutItsCap() async throws {
            let bench = try BrokerBench { $0.aws.audit.maxLength = 100 }
            let alice = BrokerBench.engineer()
            for index in 0..<400 {
                _ = try? await bench.broker.issue(for: alice, requestedRole: "no-such-role", requestID: "trim-\(index)")
            }
            let length = try #require(try await bench.stack.redis.send("XLEN", RedisArgument(bench.stream)).int)
            // `MAXLEN ~` trims whole stream nodes: never below the cap, never far above it.
            #expect((100..<400).contains(length))
        }

        @Test func credentialsAreWithheldWhenTheirIssuanceCannotBeRecorded() async throws {
            let bench = try BrokerBench()
            // The stream key holds a string: every XADD to it fails.
            _ = try await bench.stack.redis.send("SET", RedisArgument(bench.stream), "not a stream")
            await #expect {
                _ = try await bench.broker.issue(for: BrokerBench.engineer(), requestedRole: Roles.prodAdmin, requestID: "audit-7")
            } throws: { error in
                guard case .auditUnavailable = error as? CredentialBrokerError else { return false }
                return true
            }
            #expect(bench.log.lines.contains { $0.hasPrefix("error Audit event not stored: credential credentials issued") })
            #expect(bench.log.lines.contains { $0.hasPrefix("error Credentials withheld") })
            #expect(!bench.log.lines.contains { $0.hasPrefix("info credential credentials issued") })
        }
    }
}
