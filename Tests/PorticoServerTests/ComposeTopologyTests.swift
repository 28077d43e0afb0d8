import Foundation
import PorticoAPI
import PorticoAWS
import PorticoHTTP
import PorticoStackSupport
import PorticoTestSupport
import Proto
import Testing

/// Issue 17's point 2: the compose deployment's own configuration (deploy/portico.yaml, with this
/// run's endpoints and the development sign-in laid over it) run as one local process per compose
/// service — the cache three times — each replica on its own loopback address, found through
/// `dns:SERVICE:PORT` entries that resolve to several addresses.
@Suite(.serialized) struct ComposeTopologyTests {
    static let composeConfig = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/portico.yaml").path

    static func withComposeTopology(_ body: (Topology) async throws -> Void) async throws {
        try await Topology.with(Topology.Options(
            services: [
                .init("auth"), .init("credentials"), .init("cache", count: 3), .init("requests"), .init("gateway"),
            ],
            configFile: composeConfig), body)
    }

    @Test func theCredentialFlowPassesThroughTheComposeTopologyWithThreeCaches() async throws {
        try await Self.withComposeTopology { topology in
            #expect(topology.replicas(of: "cache").count == 3)
            #expect(Set(topology.replicas(of: "cache").map(\.address.host)).count == 3)
            let hosts = try String(contentsOfFile: topology.hostsFilePath, encoding: .utf8)
            #expect(HostsFileResolver.addresses(of: "cache", inHostsText: hosts).count == 3)

            let before = Int64(Date().timeIntervalSince1970)
            let credentials = try await Self.credentials(of: E2EEstate.alice, for: E2EEstate.webAdmin.arn, from: topology)
            #expect(credentials.expiration > before)
            let keys = AWSCredentials(
                accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
                sessionToken: credentials.sessionToken)
            let identity = try await SeededMoto.sts(
                endpoint: topology.moto.endpoint, signingWith: keys, http: topology.http, logger: topology.logger
            ).getCallerIdentity()
            #expect(identity.arn == "arn:aws:sts::\(E2EEstate.alpha):assumed-role/web-admin/\(E2EEstate.alice)")
        }
    }

    @Test func aKilledCacheReplicaComesBackOnItsAddressAndTheFlowStillPasses() async throws {
        try await Self.withComposeTopology { topology in
            let victim = try #require(topology.replicas(of: "cache").last)
            topology.kill(victim)
            #expect(try await topology.health(victim).status != 0)
            try await topology.restart(victim)
            #expect(try await topology.health(victim).status == 0)
            _ = try await Self.credentials(of: E2EEstate.alice, for: E2EEstate.webAdmin.arn, from: topology)
        }
    }

    @Test func anAddedCacheReplicaReceivesCallsWithinTheReResolveIntervalAndARemovedOneLosesNoCall() async throws {
        try await Self.withComposeTopology { topology in
            let added = try await topology.addReplica(of: "cache")
            #expect(topology.replicas(of: "cache").count == 4)
            let hosts = try String(contentsOfFile: topology.hostsFilePath, encoding: .utf8)
            #expect(HostsFileResolver.addresses(of: "cache", inHostsText: hosts).contains(added.address.host))

            // The others find the new replica at their next re-resolve and send it work: its own
            // /metrics counts calls served (health checks aside) while credentials keep being asked for.
            let named = ContinuousClock.now
            let refresh = Double(topology.options.refreshSeconds)
            try await awaitCondition("the added cache replica serving calls", timeout: 4 * refresh + 10, every: 0.1) {
                _ = try await Self.credentials(of: E2EEstate.alice, for: E2EEstate.webAdmin.arn, from: topology)
                return try await topology.servedCalls(by: added) > 0
            }
            print("compose topology: the added cache replica served its first call \(ContinuousClock.now - named) after it was named (re-resolve every \(Int(refresh)) s)")

            // Calls keep going while a replica is dropped from the name and stopped: none fails.
            let leaving = try #require(topology.replicas(of: "cache").first)
            async let removal: Void = topology.removeReplica(leaving, after: 3)
            for _ in 0..<10 {
                _ = try await Self.credentials(of: E2EEstate.alice, for: E2EEstate.webAdmin.arn, from: topology)
            }
            try await removal
            _ = try await Self.credentials(of: E2EEstate.alice, for: E2EEstate.webAdmin.arn, from: topology)
            #expect(topology.replicas(of: "cache").count == 3)
        }
    }

    /// Signs `email` in through the development sign-in and asks the gateway for `role`'s keys.
    static func credentials(of email: String, for role: String, from topology: Topology) async throws -> CredentialsResponse.Credentials {
        let http = topology.http
        let form = "email=" + (email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? email)
        let login = try await http.execute(HTTPClient.Request(
            method: "POST", url: topology.gatewayURL + "/noauth/dev/login",
            headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(form.utf8)))
        #expect(login.status == 303, "dev sign-in: \(login.status) \(login.bodyText)")
        let cookie = String(try #require(login.headers["Set-Cookie"]).prefix { $0 != ";" })
        let profile = try await http.execute(HTTPClient.Request(
            method: "GET", url: topology.gatewayURL + APIPaths.userProfile, headers: ["Cookie": cookie], body: []))
        let csrf = try APIJSON.decode(UserProfile.self, from: Data(profile.body)).csrfToken
        let response = try await http.execute(HTTPClient.Request(
            method: "POST", url: topology.gatewayURL + APIPaths.getCredentials,
            headers: ["Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"],
            body: Array(try APIJSON.encode(CredentialRequest(requestedRole: role)))))
        #expect(response.status == 200, "\(response.bodyText)")
        return try APIJSON.decode(CredentialsResponse.self, from: Data(response.body)).credentials
    }
}
