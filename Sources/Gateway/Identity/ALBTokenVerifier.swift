import Foundation
import PorticoConfig
import PorticoCore
import PorticoCrypto

/// Checks the `x-amzn-oidc-data` token an AWS ALB adds after OIDC sign-in and reads who it names.
///
/// The token is an ES256 JWT whose header carries `alg`, `kid`, `signer` and `exp`. Every check
/// that needs no key runs first, in this order, so a forged or malformed token never causes a
/// key fetch: size, shape, `alg` (ES256 only: `none`, HS256 and the rest are refused), `kid`
/// syntax, `signer` against `auth.alb.signer_arns`, `iss` against `auth.alb.issuer` and
/// `client` against `auth.alb.client_ids` (each when configured: a token the same ALB signed for
/// another application is refused), `exp` (header, then payload) with a small leeway, signature
/// length. Then the key is looked up (`ALBPublicKeyStore`) and the raw R‖S
/// signature checked over `header.payload` as received.
struct ALBTokenVerifier: Sendable {
    struct Configuration: Sendable {
        var limits = CompactJWS.Limits(maxTokenBytes: 16 * 1024, maxHeaderBytes: 4 * 1024)
        /// Clock skew tolerated on `exp`.
        var leeway: Duration = .seconds(30)
        var emailClaim = "email"
        var groupsClaim = "groups"
        /// Accepted `signer` values.
        var signers: [String] = []
        /// The only accepted header `iss`; nil accepts any.
        var issuer: String?
        /// Accepted header `client` values; empty accepts any.
        var clientIDs: [String] = []
    }

    /// Who a valid token names.
    struct Claims: Sendable, Hashable {
        var email: String
        var groups: [String]
    }

    static let maxEmailLength = 320
    static let maxGroups = 1000

    let configuration: Configuration
    let keys: ALBPublicKeyStore

    /// The accepted signers for `auth`: the configured ALB ARNs, minus the development signer
    /// outside dev; in dev an empty list accepts the development signer alone.
    static func acceptedSigners(
        _ alb: PorticoConfiguration.Auth.ALB, environment: PorticoConfiguration.Environment
    ) -> [String] {
        let development = PorticoConfiguration.Auth.ALB.developmentSignerARN
        switch environment {
        case .prod: return alb.signerARNs.filter { $0 != development }
        case .dev: return alb.signerARNs.isEmpty ? [development] : alb.signerARNs
        }
    }

    func verify(_ token: String, now: Date = Date()) async throws(AuthenticationFailure) -> Claims {
        let jws = try CompactJWS(parsing: token, limits: configuration.limits)
        guard jws.algorithm == "ES256" else { throw .unsupportedAlgorithm }
        guard let kidText = jws.header["kid"]?.stringValue, let kid = ALBKeyID(kidText) else { throw .invalidKeyID }
        guard let signer = jws.header["signer"]?.stringValue, Self.isListed(signer, in: configuration.signers) else {
            throw .unknownSigner
        }
        if let issuer = configuration.issuer {
            guard let claimed = jws.header["iss"]?.stringValue, Self.isListed(claimed, in: [issuer]) else {
                throw .invalidClaim("iss")
            }
        }
        if !configuration.clientIDs.isEmpty {
            guard let client = jws.header["client"]?.stringValue, Self.isListed(client, in: configuration.clientIDs) else {
                throw .invalidClaim("client")
            }
        }
        guard let headerExpiry = jws.header["exp"]?.doubleValue else { throw .invalidClaim("exp") }
        try checkNotExpired(headerExpiry, now: now)
        let payload = try jws.payload()
        if let payloadExpiry = payload["exp"] {
            guard let seconds = payloadExpiry.doubleValue else { throw .invalidClaim("exp") }
            try checkNotExpired(seconds, now: now)
        }
        guard jws.signature.count == 64 else { throw .malformedToken("an ES256 signature is 64 bytes") }
        let key = try await keys.key(for: kid)
        guard key.isValidSignature(jws.signature, for: jws.signingInput) else { throw .invalidSignature }
        return try claims(from: payload)
    }

    /// Compares against every accepted value with a comparison whose time does not depend on
    /// where the strings differ (the lists are not secret, but this costs nothing).
    private static func isListed(_ value: String, in accepted: [String]) -> Bool {
        var listed = false
        for candidate in accepted where ConstantTime.equals(Array(candidate.utf8), Array(value.utf8)) {
            listed = true
        }
        return listed
    }

    private func checkNotExpired(_ expiry: Double, now: Date) throws(AuthenticationFailure) {
        let leeway = Double(configuration.leeway.components.seconds)
        guard now.timeIntervalSince1970 <= expiry + leeway else { throw .tokenExpired }
    }

    private func claims(from payload: [String: JSONValue]) throws(AuthenticationFailure) -> Claims {
        guard let email = payload[configuration.emailClaim]?.stringValue,
              !email.isEmpty, email.utf8.count <= Self.maxEmailLength,
              !email.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw .invalidClaim(configuration.emailClaim) }
        return Claims(email: email, groups: try groups(from: payload[configuration.groupsClaim]))
    }

    /// Groups as a JSON list of strings or one comma-separated string; absent means none.
    private func groups(from value: JSONValue?) throws(AuthenticationFailure) -> [String] {
        let names: [String]
        switch value {
        case nil, .null?: return []
        case .string(let text)?: names = text.split(separator: ",").map(String.init)
        case .array(let items)?:
            var strings: [String] = []
            for item in items {
                guard let text = item.stringValue else { throw .invalidClaim(configuration.groupsClaim) }
                strings.append(text)
            }
            names = strings
        default: throw .invalidClaim(configuration.groupsClaim)
        }
        let trimmed = names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard trimmed.count <= Self.maxGroups else { throw .invalidClaim(configuration.groupsClaim) }
        return trimmed
    }
}
