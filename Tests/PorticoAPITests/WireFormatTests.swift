import Foundation
import PorticoAPI
import Testing

/// The REST bodies encode with exactly the key names ConsoleMe's clients read, keys sorted and
/// slashes unescaped, and decode what those clients send.
@Suite struct WireFormatTests {
    private func wire(_ value: some Encodable) throws -> String {
        String(decoding: try APIJSON.encode(value), as: UTF8.self)
    }

    @Test func credentialsUseConsoleMesCapitalisedKeys() throws {
        let answer = CredentialsResponse(credentials: .init(
            accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret/key", sessionToken: "token", expiration: 1_700_000_000))
        #expect(try wire(answer) == #"{"Credentials":{"AccessKeyId":"ASIAEXAMPLE","Expiration":1700000000,"#
            + #""SecretAccessKey":"secret/key","SessionToken":"token"}}"#)
        #expect(try APIJSON.decode(CredentialsResponse.self, from: APIJSON.encode(answer)) == answer)
    }

    @Test func anAmbiguousRoleErrorListsTheRolesUnderMatchingRolesWithASpace() throws {
        let body = APIErrorBody(status: 403, code: APIErrorBody.Code.multipleMatchingRoles, message: "several", matchingRoles: ["a", "b"])
        #expect(try wire(body) == #"{"code":"901","matching roles":["a","b"],"message":"several","status":403}"#)
        #expect(try wire(APIErrorBody(status: 401, code: "401", message: "no")) == #"{"code":"401","message":"no","status":401}"#)
    }

    @Test func theV2RoleListingHasConsoleMesEnvelope() throws {
        let listing = RoleListResponse(roles: [.init(
            arn: "arn:aws:iam::111111111111:role/admin", accountID: "111111111111", accountFriendlyName: "prod", roleName: "admin")])
        #expect(try wire(listing) == #"{"data":{"roles":[{"account_friendly_name":"prod","account_id":"111111111111","#
            + #""arn":"arn:aws:iam::111111111111:role/admin","role_name":"admin"}]},"status":"success","status_code":200}"#)
    }

    @Test func weepsCredentialRequestIsReadWithAnyMetadataObject() throws {
        let body = #"""
            {"requested_role": "prod", "no_ip_restrictions": false,
             "metadata": {"hostname": "laptop", "weep_version": 3, "cli_args": ["file"]}, "extra": 1}
            """#
        let request = try APIJSON.decode(CredentialRequest.self, from: Data(body.utf8))
        #expect(request.requestedRole == "prod")
        #expect(request.noIPRestrictions == false && request.consoleOnly == nil)
        #expect(request.metadata == ClientMetadata(hostname: "laptop"), "a field of another type reads as absent")
        #expect(try wire(CredentialRequest(requestedRole: "prod")) == #"{"requested_role":"prod"}"#)
    }

    @Test func theChallengePollerSaysOnlyWhatItsStatusHas() throws {
        #expect(try wire(ChallengePollResponse(status: ChallengePollResponse.pending)) == #"{"status":"pending"}"#)
        let success = ChallengePollResponse.succeeded(
            cookieName: "consoleme_auth", expiration: 1_700_000_000, encodedJWT: "jwt", user: "alice@example.com", secure: true)
        #expect(try wire(success) == #"{"cookie_name":"consoleme_auth","encoded_jwt":"jwt","expiration":1700000000,"#
            + #""http_only":true,"same_site":2,"secure":true,"status":"success","user":"alice@example.com"}"#)
    }

    @Test func theProfileLeavesOutTheDevSignInOutsideDevelopment() throws {
        let profile = UserProfile(
            user: "alice@example.com", groups: ["eng"],
            authorization: .init(canAdmin: false, canAdminPolicies: true, canEditConfig: false, canCreateRoles: false),
            authenticatedBy: "bearer", canLogout: false, csrfToken: "t", siteConfig: .init(environment: "prod"))
        #expect(try wire(profile) == #"{"authenticated_by":"bearer","authorization":{"can_admin":false,"#
            + #""can_admin_policies":true,"can_create_roles":false,"can_delete_iam_principals":false,"can_edit_config":false},"can_logout":false,"#
            + #""csrf_token":"t","groups":["eng"],"site_config":{"environment":"prod"},"user":"alice@example.com"}"#)
    }

    @Test func theConsoleLoginAnswerIsARedirect() throws {
        let login = RoleLoginResponse(redirectURL: "https://signin.aws.amazon.com/federation?x=1", role: "arn:aws:iam::1:role/a")
        #expect(try wire(login) == #"{"reason":"console_login","redirect_url":"https://signin.aws.amazon.com/federation?x=1","#
            + #""role":"arn:aws:iam::1:role/a","type":"redirect"}"#)
    }
}
