import Foundation
import PorticoAPI
import PorticoAWS
import PorticoStackSupport
import PorticoTestSupport
import Testing

/// Issue 6's acceptance, through `portico-server all` as a real process: people sign in (browser
/// and CLI), see their roles, get working IP-restricted credentials and console sign-ins, and are
/// refused what they may not have — against a signature-checking moto and a real redis-server.
@Suite(.runningPortico) struct CredentialBrokeringEndToEndTests {
    var gateway: GatewayCaller { get throws { GatewayCaller(portico: try RunningPortico.require()) } }

    // MARK: CLI login

    @Test func theCLILoginIsApprovedOnlyByItsUserAndPolledOnlyOnce() async throws {
        let gateway = try gateway
        let challenge = try await gateway.openChallenge(for: E2EEstate.alice)
        let pending = try await gateway.call(challenge.pollingURL)
        #expect(pending.status == 200)
        #expect(try GatewayCaller.decoded(ChallengePollResponse.self, pending).status == ChallengePollResponse.pending)

        let byBob = try await gateway.call(challenge.approvalURL, method: "POST", as: try await gateway.signInBrowser(E2EEstate.bob))
        #expect(byBob.status == 403, "bob approved alice's login: \(byBob.bodyText)")
        let stillPending = try await gateway.call(challenge.pollingURL)
        #expect(try GatewayCaller.decoded(ChallengePollResponse.self, stillPending).status == ChallengePollResponse.pending)

        let byAlice = try await gateway.call(challenge.approvalURL, method: "POST", as: try await gateway.signInBrowser(E2EEstate.alice))
        #expect(byAlice.status == 200)

        let first = try GatewayCaller.decoded(ChallengePollResponse.self, try await gateway.call(challenge.pollingURL))
        #expect(first.status == ChallengePollResponse.success)
        #expect(first.user == E2EEstate.alice)
        let token = try #require(first.encodedJWT)
        let second = try await gateway.call(challenge.pollingURL)
        #expect(second.status == 404, "a challenge was polled twice: \(second.bodyText)")
        #expect(!second.bodyText.contains(token))

        let profile = try GatewayCaller.decoded(UserProfile.self, try await gateway.call(APIPaths.userProfile, as: .bearer(token)))
        #expect(profile.user == E2EEstate.alice)
    }

    // MARK: Credentials

    @Test func aUserNamedInTheRoleTagGetsCredentialsThatActAsTheRole() async throws {
        let gateway = try gateway
        let portico = try RunningPortico.require()
        let before = Int(Date().timeIntervalSince1970)
        let response = try await gateway.call(APIPaths.getCredentials, method: "POST", as: try await gateway.signInCLI(E2EEstate.alice),
            json: CredentialRequest(requestedRole: E2EEstate.webAdmin.arn))
        #expect(response.status == 200, "\(response.bodyText)")
        let credentials = try GatewayCaller.decoded(CredentialsResponse.self, response).credentials
        let keys = AWSCredentials(
            accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken)
        #expect(credentials.expiration > Int64(before))

        // moto checks the signature of this call: the keys work, and act as the assumed role.
        let identity = try await SeededMoto.sts(
            endpoint: portico.moto.endpoint, signingWith: keys, http: portico.http, logger: portico.logger
        ).getCallerIdentity()
        #expect(identity.arn == "arn:aws:sts::\(E2EEstate.alpha):assumed-role/web-admin/\(E2EEstate.alice)")
        #expect(identity.account == E2EEstate.alpha)
    }

    @Test func theSessionPolicySentToSTSCarriesTheConfiguredNetworksAndTheRequesterAddress() async throws {
        let gateway = try gateway
        let portico = try RunningPortico.require()
        let response = try await gateway.call(APIPaths.getCredentials, method: "POST", as: try await gateway.signInCLI(E2EEstate.alice),
            json: CredentialRequest(requestedRole: E2EEstate.analyticsReader.arn))
        #expect(response.status == 200, "\(response.bodyText)")

        let sent = try #require(portico.proxy.assumeRoleCalls(sessionName: E2EEstate.alice).last {
            $0["RoleArn"] == E2EEstate.analyticsReader.arn
        })
        let policy = try #require(sent["Policy"])
        let sources = try Self.deniedOutside(policy)
        #expect(Set(sources) == ["10.0.0.0/8", "2001:db8::/32", "127.0.0.1/32"])
    }

    @Test func aUserTheRoleIsNotForGetsNoMatchingRoles() async throws {
        let gateway = try gateway
        let portico = try RunningPortico.require()
        let response = try await gateway.call(APIPaths.getCredentials, method: "POST", as: try await gateway.signInCLI(E2EEstate.bob),
            json: CredentialRequest(requestedRole: E2EEstate.webAdmin.arn))
        #expect(response.status == 403)
        #expect(try GatewayCaller.decoded(APIErrorBody.self, response).code == APIErrorBody.Code.noMatchingRoles)
        #expect(portico.proxy.assumeRoleCalls(sessionName: E2EEstate.bob).isEmpty)
    }

    @Test func aFragmentMatchingTwoRolesIsRefusedListingBoth() async throws {
        let gateway = try gateway
        let response = try await gateway.call(APIPaths.getCredentials, method: "POST", as: try await gateway.signInCLI(E2EEstate.alice),
            json: CredentialRequest(requestedRole: "analytics"))
        #expect(response.status == 403)
        let body = try GatewayCaller.decoded(APIErrorBody.self, response)
        #expect(body.code == APIErrorBody.Code.multipleMatchingRoles)
        #expect(Set(body.matchingRoles ?? []) == [E2EEstate.analyticsReader.arn, E2EEstate.analyticsWriter.arn])
    }

    // MARK: Listing roles

    @Test func aCLIOnlyRoleIsListedOnlyWhenAllRolesAreAskedFor() async throws {
        let gateway = try gateway
        let alice = try await gateway.signInCLI(E2EEstate.alice)
        let console: Set = [E2EEstate.webAdmin.arn, E2EEstate.analyticsReader.arn, E2EEstate.analyticsWriter.arn]

        let listed = try await gateway.call("/api/v1/get_roles", as: alice)
        #expect(listed.status == 200)
        let roles = try GatewayCaller.decoded([String].self, listed)
        #expect(Set(roles) == console)

        let all = try await gateway.call("/api/v1/get_roles?all=true", as: alice)
        let allRoles = try GatewayCaller.decoded([String].self, all)
        #expect(Set(allRoles) == console.union([E2EEstate.deployPipeline.arn]))

        let v2 = try GatewayCaller.decoded(RoleListResponse.self, try await gateway.call(APIPaths.getRolesV2, as: alice))
        let entries = v2.data.roles
        #expect(Set(entries.map(\.arn)) == console)
        let admin = try #require(entries.first { $0.arn == E2EEstate.webAdmin.arn })
        #expect(admin == RoleListResponse.Role(
            arn: E2EEstate.webAdmin.arn, accountID: E2EEstate.alpha, accountFriendlyName: "alpha", roleName: "web-admin"))
    }

    // MARK: Console sign-in

    @Test func theConsoleLoginGoesThroughTheFederationEndpointAndCarriesItsToken() async throws {
        let gateway = try gateway
        let portico = try RunningPortico.require()
        let browser = try await gateway.signInBrowser(E2EEstate.alice)
        let response = try await gateway.call("/api/v2/role_login/web-admin", as: browser)
        #expect(response.status == 200, "\(response.bodyText)")
        let body = try GatewayCaller.decoded(RoleLoginResponse.self, response)
        #expect(body.type == "redirect")
        #expect(body.reason == "console_login")
        #expect(body.role == E2EEstate.webAdmin.arn)
        let url = body.redirectURL
        #expect(url.hasPrefix(portico.federation.url + "?"))
        let query = FormFields.query(of: url)
        #expect(query["Action"] == "login")
        let token = try #require(query["SigninToken"])
        let grant = try #require(portico.federation.grants.first { $0.token == token }, "the stand-in never issued \(token)")
        #expect(grant.arn == "arn:aws:sts::\(E2EEstate.alpha):assumed-role/web-admin/\(E2EEstate.alice)")

        let redirect = try await gateway.call("/role/web-admin", as: browser)
        #expect(redirect.status == 302)
        let location = try #require(redirect.headers["Location"])
        #expect(location.hasPrefix(portico.federation.url + "?"))
        let redirectToken = try #require(FormFields.query(of: location)["SigninToken"])
        #expect(portico.federation.grants.contains { $0.token == redirectToken })
    }

    // MARK: Reading the session policy

    /// The `aws:SourceIp` networks outside which the session policy denies everything.
    static func deniedOutside(_ policy: String) throws -> [String] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any])
        let statements = try #require(document["Statement"] as? [[String: Any]])
        let deny = try #require(statements.first { $0["Effect"] as? String == "Deny" })
        let condition = try #require(deny["Condition"] as? [String: Any])
        let notIn = try #require(condition["NotIpAddress"] as? [String: Any])
        return try #require(notIn["aws:SourceIp"] as? [String])
    }
}
