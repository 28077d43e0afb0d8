import Foundation
import PorticoAPI
import PorticoCore
import PorticoStackSupport
import PorticoTestSupport
import Testing

extension CLIEndToEndTests {
    /// `portico request` against the gateway's real self-service and request routes (the request
    /// service on moto's DynamoDB): a dry run prints the generated policy and files nothing; a
    /// real one prints the request's link, and the request is there for `GET /api/v2/requests/{id}`
    /// with the role, the justification, the policy and the `--expires` end.
    @Suite struct SelfServiceRequestTests {
        static let bucket = "arn:aws:s3:::alpha-exports"

        /// A justification no other test uses, to find this test's requests by.
        static func justification() -> String { "cli request \(UUID().uuidString.lowercased())" }

        static func arguments(role: String, justification: String) -> [String] {
            ["request", "--role", role, "--service", "s3", "--resource", bucket, "--actions", "get,list", "--expires", "8h",
             "-j", justification]
        }

        /// The statements' actions (lowercased, as the generator writes them) and resources, each
        /// given as a string or a list.
        static func grants(_ document: JSONValue) -> (actions: Set<String>, resources: Set<String>) {
            func strings(_ value: JSONValue?) -> [String] {
                if let text = value?.stringValue { return [text] }
                return (value?.arrayValue ?? []).compactMap(\.stringValue)
            }
            var statements = document["Statement"]?.arrayValue ?? []
            if statements.isEmpty, let single = document["Statement"] { statements = [single] }
            return (Set(statements.flatMap { strings($0["Action"]).map { $0.lowercased() } }), Set(statements.flatMap { strings($0["Resource"]) }))
        }

        @Test func aDryRunPrintsTheGeneratedPolicyAndFilesNothing() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let why = Self.justification()
            let run = try await home.portico(Self.arguments(role: "alpha/web-admin", justification: why) + ["--dry-run"])
            #expect(run.status == 0, "\(run.output)")
            let document = try JSONValue(parsing: Array(run.stdout.utf8))
            let grants = Self.grants(document)
            #expect(grants.actions.isSuperset(of: ["s3:getobject", "s3:listbucket"]), "\(run.stdout)")
            #expect(!grants.actions.contains { $0.hasPrefix("s3:put") || $0.hasPrefix("s3:delete") }, "\(run.stdout)")
            #expect(grants.resources == [Self.bucket, Self.bucket + "/*"], "\(run.stdout)")
            #expect(run.stderr.contains(E2EEstate.webAdmin.arn), "\(run.stderr)")
            #expect(run.stderr.contains("nothing was filed"), "\(run.stderr)")

            let gateway = GatewayCaller(portico: home.portico)
            let list = try await gateway.call(
                "/api/v2/requests", method: "POST", as: try await gateway.signInBrowser(E2EEstate.alice),
                json: PolicyRequestListQuery(filters: ["justification": .string(why)]))
            #expect(list.status == 200, "\(list.bodyText)")
            #expect(try GatewayCaller.decoded(PolicyRequestListResponse.self, list).filteredCount == 0)
        }

        @Test func aRequestIsFiledAndItsLinkPrinted() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let why = Self.justification()
            let filedAt = Date()
            let run = try await home.portico(Self.arguments(role: E2EEstate.webAdmin.arn, justification: why))
            #expect(run.status == 0, "\(run.output)")
            let link = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let prefix = home.portico.gatewayURL + "/policies/request/"
            #expect(link.hasPrefix(prefix), "\(run.output)")
            let id = String(link.dropFirst(prefix.count))
            #expect(!id.isEmpty && !id.contains("/"), "\(link)")

            let gateway = GatewayCaller(portico: home.portico)
            let answer = try await gateway.call("/api/v2/requests/\(id)", as: try await gateway.signInBrowser(E2EEstate.alice))
            #expect(answer.status == 200, "\(answer.bodyText)")
            let detail = try GatewayCaller.decoded(PolicyRequestDetail.self, answer)
            let request = try APIJSON.decode(PolicyRequest.self, from: Data(detail.request.utf8))
            #expect(request.id == id)
            #expect(request.principal.principalARN == E2EEstate.webAdmin.arn)
            #expect(request.requesterEmail == E2EEstate.alice)
            #expect(request.justification == why)
            #expect(request.requestStatus == .pending)
            let inline = try #require(request.changes.changes.first { $0.knownType == .inlinePolicy }, "\(detail.request)")
            let grants = Self.grants(try #require(inline.policy?.policyDocument))
            #expect(grants.actions.isSuperset(of: ["s3:getobject", "s3:listbucket"]))
            #expect(grants.resources == [Self.bucket, Self.bucket + "/*"])
            // `--expires 8h` is the change's end, 8 hours from when it was filed.
            let end = try #require(inline.expiresAt.flatMap { ISO8601DateFormatter().date(from: $0) }, "\(String(describing: inline.expiresAt))")
            #expect(abs(end.timeIntervalSince(filedAt) - 8 * 3600) < 120, "expires_at \(inline.expiresAt ?? "")")
        }

        @Test func theRequestServicesRefusalIsPrintedNamingTheField() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            // One minute is shorter than the shortest grant (policies.min_expiry_seconds, 900 s).
            var arguments = Self.arguments(role: E2EEstate.webAdmin.arn, justification: Self.justification())
            arguments[try #require(arguments.firstIndex(of: "8h"))] = "1m"
            let run = try await home.portico(arguments)
            #expect(run.status == 4, "\(run.output)")
            #expect(run.stderr.contains("changes[0].expires_at"), "\(run.stderr)")
            #expect(run.stdout.isEmpty, "\(run.stdout)")
        }
    }
}
