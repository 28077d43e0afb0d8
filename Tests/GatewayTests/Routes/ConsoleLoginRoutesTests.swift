import Foundation
import PorticoAPI
import PorticoHTTP
import Testing

extension GatewayBackendTests {
    /// `GET /api/v2/role_login/{query}` (JSON for the web UI) and `GET /role/{query}` (302): a
    /// console sign-in URL through the (loopback) federation endpoint, never for CLI-only roles.
    @Suite struct ConsoleLogin {
        typealias Roles = MotoHubAndSpokes.Roles

        /// The query parameters of a URL.
        private func query(of url: String) -> [String: String] {
            var fields: [String: String] = [:]
            for item in URLComponents(string: url)?.queryItems ?? [] { fields[item.name] = item.value ?? "" }
            return fields
        }

        /// Checks `url` is the federation stand-in's login URL carrying a token it handed out.
        private func expectLoginURL(_ url: String, on stack: GatewayOnStack, landingOn destination: String? = nil) {
            #expect(url.hasPrefix(stack.stack.federation.url + "?"))
            let fields = query(of: url)
            #expect(fields["Action"] == "login")
            let token = fields["SigninToken"] ?? ""
            #expect(stack.stack.federation.grants.contains { $0.token == token }, "the token the federation endpoint issued")
            if let destination { #expect(fields["Destination"]?.hasPrefix(destination) == true) }
            #expect(!stack.logText.contains(token), "the sign-in token is never logged")
        }

        @Test func roleLoginAnswersTheSignInURLAsJSON() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let response = try await stack.gateway.request(
                    "/api/v2/role_login/\(Roles.prodAdmin)?r=eu-west-1", headers: [alice.bearerHeader])
                #expect(response.status == 200)
                #expect(response.headers.values(for: "Cache-Control") == ["no-store"])
                let login = try response.decoded(RoleLoginResponse.self)
                #expect(login.type == "redirect")
                #expect(login.reason == "console_login")
                #expect(login.role == Roles.prodAdmin)
                expectLoginURL(login.redirectURL, on: stack, landingOn: "https://eu-west-1.console.aws.amazon.com")
            }
        }

        @Test func roleRedirectsToTheSignInURLForAFragment() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let redirect = "https://us-east-1.console.aws.amazon.com/s3/home"
                let encoded = redirect.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let response = try await stack.gateway.request(
                    "/role/engineering-readonly?redirect=\(encoded)", headers: [alice.bearerHeader])
                #expect(response.status == 302)
                #expect(response.headers.values(for: "Cache-Control") == ["no-store"])
                let location = try #require(response.headers.values(for: "Location").first)
                expectLoginURL(location, on: stack, landingOn: redirect)
            }
        }

        @Test func aCLIOnlyRoleIsNeverSignedInToTheConsole() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                for path in ["/api/v2/role_login/", "/role/"] {
                    let response = try await stack.gateway.request(path + Roles.stagingPipeline, headers: [alice.bearerHeader])
                    #expect(response.status == 403)
                    #expect(try response.apiError().code == APIErrorBody.Code.noMatchingRoles)
                }
            }
        }

        @Test func anAmbiguousFragmentIsRefusedWith901ListingTheRoles() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let response = try await stack.gateway.request("/api/v2/role_login/engineering-admin", headers: [alice.bearerHeader])
                #expect(response.status == 403)
                let error = try response.apiError()
                #expect(error.code == APIErrorBody.Code.multipleMatchingRoles)
                #expect(error.matchingRoles == [Roles.prodAdmin, Roles.stagingAdmin])
            }
        }

        @Test func aRedirectWhoseHostOnlyDecodesToAConsoleHostIsRefusedWith904() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                // `https://evil.example.com%2F.console.aws.amazon.com/`, encoded once more for the query.
                let redirect = "https%3A%2F%2Fevil.example.com%252F.console.aws.amazon.com%2F"
                for path in ["/role/engineering-readonly", "/api/v2/role_login/engineering-readonly"] {
                    let response = try await stack.gateway.request("\(path)?redirect=\(redirect)", headers: [alice.bearerHeader])
                    #expect(response.status == 400, "\(path)")
                    let error = try response.apiError()
                    #expect(error.code == APIErrorBody.Code.malformedRequest)
                    #expect(error.message.contains("host"), "\(error.message)")
                }
            }
        }

        @Test func aRedirectOffTheAWSConsoleIsRefusedWith904() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let response = try await stack.gateway.request(
                    "/role/engineering-readonly?redirect=https%3A%2F%2Fevil.example.com%2F", headers: [alice.bearerHeader])
                #expect(response.status == 400)
                #expect(try response.apiError().code == APIErrorBody.Code.malformedRequest)
            }
        }
    }
}
