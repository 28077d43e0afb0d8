import Foundation
import Gateway
import PorticoCrypto
import PorticoHTTP
import Testing

/// Every ALB token that must not sign anyone in is refused with a 401 naming the failed check,
/// without echoing the token, and — because the checks that need no key run first — without
/// the key server ever being asked.
@Suite struct ALBTokenRefusalTests {
    /// A token that is wrong in one way, and the words the 401 message must contain.
    enum Forgery: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case algNone, hs256SignedWithPublicKeyPEM, es384Claimed, expiredHeader, expiredPayload, missingHeaderExpiry
        case unknownSigner, missingSigner, missingKid, kidWithSlash, kidWithDotDot, kidWithQuery, kidWithFragment
        case kidWithPercent, kidTooLong, truncatedSignature, twoSegmentsOnly, oversizedHeader, oversizedToken
        case headerNotJSON

        var testDescription: String { rawValue }

        var expectedMessage: String {
            switch self {
            case .algNone, .hs256SignedWithPublicKeyPEM, .es384Claimed: "unsupported token algorithm"
            case .expiredHeader, .expiredPayload: "token expired"
            case .missingHeaderExpiry: "claim 'exp'"
            case .unknownSigner, .missingSigner: "signer is not accepted"
            case .missingKid, .kidWithSlash, .kidWithDotDot, .kidWithQuery, .kidWithFragment, .kidWithPercent, .kidTooLong:
                "invalid token key id"
            case .truncatedSignature, .twoSegmentsOnly, .headerNotJSON: "malformed token"
            case .oversizedHeader: "token header too large"
            case .oversizedToken: "token too large"
            }
        }

        func token(_ factory: ALBTokenFactory) throws -> String {
            var header = factory.header()
            func withKid(_ kid: String) throws -> String {
                header["kid"] = .text(kid)
                return try factory.token(header: header)
            }
            switch self {
            case .algNone:
                header["alg"] = .text("none")
                return try factory.signingInput(header: header, payload: factory.payload()) + "."
            case .hs256SignedWithPublicKeyPEM:
                header["alg"] = .text("HS256")
                let input = try factory.signingInput(header: header, payload: factory.payload())
                let mac = HMACSHA256.authenticationCode(for: Array(input.utf8), key: Array(factory.publicKeyPEM.utf8))
                return input + "." + ALBTokenFactory.base64URL(mac, padded: true)
            case .es384Claimed:
                header["alg"] = .text("ES384")
                return try factory.token(header: header)
            case .expiredHeader:
                return try factory.token(header: factory.header(expiresIn: -600))
            case .expiredPayload:
                var payload = factory.payload()
                payload["exp"] = .number(Date().timeIntervalSince1970 - 600)
                return try factory.token(payload: payload)
            case .missingHeaderExpiry:
                header["exp"] = nil
                return try factory.token(header: header)
            case .unknownSigner:
                header["signer"] = .text("arn:aws:elasticloadbalancing:us-east-1:999999999999:loadbalancer/app/evil/1")
                return try factory.token(header: header)
            case .missingSigner:
                header["signer"] = nil
                return try factory.token(header: header)
            case .missingKid:
                header["kid"] = nil
                return try factory.token(header: header)
            case .kidWithSlash: return try withKid("../../evil.example.com/key")
            case .kidWithDotDot: return try withKid("..")
            case .kidWithQuery: return try withKid("abc?x=1")
            case .kidWithFragment: return try withKid("abc#x")
            case .kidWithPercent: return try withKid("abc%2F..%2Fx")
            case .kidTooLong: return try withKid(String(repeating: "a", count: 129))
            case .truncatedSignature:
                return String(try factory.token().dropLast(12))
            case .twoSegmentsOnly:
                return try factory.signingInput(header: header, payload: factory.payload())
            case .oversizedHeader:
                header["padding"] = .text(String(repeating: "x", count: 4 * 1024))
                return try factory.token(header: header)
            case .oversizedToken:
                var payload = factory.payload()
                payload["padding"] = .text(String(repeating: "x", count: 16 * 1024))
                return try factory.token(payload: payload)
            case .headerNotJSON:
                let token = try factory.token()
                return ALBTokenFactory.base64URL(Array("not json".utf8), padded: true) + token.drop { $0 != "." }
            }
        }
    }

    @Test("refused with 401 before any key fetch", arguments: Forgery.allCases)
    func forgedTokenIsRefusedWithoutAKeyFetch(_ forgery: Forgery) async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        let token = try forgery.token(factory)
        try await RunningGateway.with(TestConfiguration.production(keyServerURL: keys.urlTemplate)) { gateway in
            let response = try await gateway.request("/api/v2/user_profile", headers: [("x-amzn-oidc-data", token)])
            #expect(response.status == 401)
            #expect(response.json["code"] as? String == "401")
            #expect(response.json["status"] as? Int == 401)
            #expect(response.message.contains(forgery.expectedMessage), "message: \(response.message)")
            #expect(!response.bodyText.contains(token.prefix(40)))
            #expect(response.setCookie(named: "consoleme_auth") == nil)
        }
        #expect(keys.requestCount == 0)
        await keys.stop()
    }

    @Test func aWrongSignatureWithAKnownKeyIsRefused() async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        let token = try factory.token(signingKey: try P256PrivateKey())
        try await RunningGateway.with(TestConfiguration.production(keyServerURL: keys.urlTemplate)) { gateway in
            let response = try await gateway.request("/api/v2/user_profile", headers: [("x-amzn-oidc-data", token)])
            #expect(response.status == 401)
            #expect(response.message == "token signature is invalid")
        }
        #expect(keys.requestCount == 1)
        await keys.stop()
    }

    @Test func aTamperedPayloadIsRefused() async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        let genuine = try factory.token()
        let parts = genuine.split(separator: ".")
        let forgedPayload = try factory.signingInput(header: factory.header(), payload: factory.payload(email: "admin@example.com"))
            .split(separator: ".")[1]
        let token = "\(parts[0]).\(forgedPayload).\(parts[2])"
        try await RunningGateway.with(TestConfiguration.production(keyServerURL: keys.urlTemplate)) { gateway in
            let response = try await gateway.request("/api/v2/user_profile", headers: [("x-amzn-oidc-data", token)])
            #expect(response.status == 401)
            #expect(response.message == "token signature is invalid")
        }
        await keys.stop()
    }

    @Test func anEmptySignerListInProductionRefusesEvenAValidToken() async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        var configuration = TestConfiguration.production(keyServerURL: keys.urlTemplate)
        configuration.auth.alb.signerARNs = []
        try await RunningGateway.with(configuration) { gateway in
            let response = try await gateway.request("/api/v2/user_profile", headers: [("x-amzn-oidc-data", try factory.token())])
            #expect(response.status == 401)
            #expect(response.message == "token signer is not accepted")
        }
        #expect(keys.requestCount == 0)
        await keys.stop()
    }

    @Test func anUnknownKeyIDIsRefusedAndTheFailureIsNotFetchedAgainAtOnce() async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: "some-other-key")
        var limits = GatewayLimits.defaults
        limits.albKeyFailureRetention = .seconds(600)
        try await RunningGateway.with(TestConfiguration.production(keyServerURL: keys.urlTemplate), limits: limits) { gateway in
            for _ in 0..<3 {
                let response = try await gateway.request("/api/v2/user_profile", headers: [("x-amzn-oidc-data", try factory.token())])
                #expect(response.status == 401)
                #expect(response.message == "token signing key is unknown")
            }
        }
        #expect(keys.requestCount == 1)
        await keys.stop()
    }

    @Test func noCredentialsAtAllIsA401WithTheAPIErrorShape() async throws {
        try await RunningGateway.with(TestConfiguration.production()) { gateway in
            let response = try await gateway.request("/api/v2/user_profile")
            #expect(response.status == 401)
            #expect(response.json["status"] as? Int == 401)
            #expect(response.json["code"] as? String == "401")
            #expect(response.message.hasPrefix("authentication required"))
        }
    }
}
