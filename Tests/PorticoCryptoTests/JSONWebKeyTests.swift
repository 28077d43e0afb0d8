import Foundation
import PorticoCrypto
import Testing

/// JWK decoding, loading into keys, refusals, and keeping `d` out of printed output.
@Suite struct JSONWebKeyTests {
    func decode(_ json: String) throws -> JSONWebKey {
        try JSONDecoder().decode(JSONWebKey.self, from: Data(json.utf8))
    }

    var es256JWK: JSONWebKey {
        get throws { try decode(RFC7515.es256JWK) }
    }

    @Test func decodesThePublishedMembersAndIgnoresUnknownOnes() throws {
        let jwk = try decode(
            #"{"kty":"EC","crv":"P-256","x":"AA","y":"AQ","kid":"k1","alg":"ES256","use":"sig","x5t":"zz"}"#)
        #expect(jwk.kty == "EC")
        #expect(jwk.crv == "P-256")
        #expect(jwk.kid == "k1")
        #expect(jwk.alg == "ES256")
        #expect(jwk.use == "sig")
        #expect(jwk.d == nil)
    }

    @Test func theJWKAndPEMFormsOfOneKeyAreTheSameKey() throws {
        let fromJWK = try P256PublicKey(jwk: es256JWK)
        #expect(fromJWK.pemRepresentation == RFC7515.es256PublicPEM + "\n")
        let rsa = try RSAPublicKey(jwk: decode(RFC7515.rs256JWK))
        #expect(rsa.pemRepresentation == RFC7515.rs256PublicSPKIPEM + "\n")
    }

    @Test func refusesAnRSAJWKForP256AndAnECJWKForRSA() throws {
        let rsaJWK = try decode(RFC7515.rs256JWK)
        KeyErrorExpectations.expectRefusal(
            .unsupportedKey, mentioning: "kty is \"RSA\"", keyMaterial: RFC7515.rs256JWK
        ) {
            _ = try P256PublicKey(jwk: rsaJWK)
        }
        let ecJWK = try es256JWK
        KeyErrorExpectations.expectRefusal(
            .unsupportedKey, mentioning: "kty is \"EC\"", keyMaterial: RFC7515.es256JWK
        ) {
            _ = try RSAPublicKey(jwk: ecJWK)
        }
    }

    @Test func refusesOtherCurvesAndAlgorithms() throws {
        var jwk = try es256JWK
        jwk.crv = "P-384"
        KeyErrorExpectations.expectRefusal(
            .unsupportedKey, mentioning: "crv is \"P-384\"", keyMaterial: RFC7515.es256JWK
        ) {
            _ = try P256PublicKey(jwk: jwk)
        }
        jwk = try es256JWK
        jwk.alg = "ES384"
        KeyErrorExpectations.expectRefusal(.unsupportedKey, mentioning: "ES384", keyMaterial: RFC7515.es256JWK) {
            _ = try P256PublicKey(jwk: jwk)
        }
    }

    @Test func refusesMissingMalformedAndWrongLengthCoordinates() throws {
        var jwk = try es256JWK
        jwk.y = nil
        KeyErrorExpectations.expectRefusal(
            .invalidKey, mentioning: "lacks the \"y\" member", keyMaterial: RFC7515.es256JWK
        ) {
            _ = try P256PublicKey(jwk: jwk)
        }
        jwk = try es256JWK
        jwk.x = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU+"
        KeyErrorExpectations.expectRefusal(
            .invalidKey, mentioning: "\"x\" is not base64url", keyMaterial: RFC7515.es256JWK
        ) {
            _ = try P256PublicKey(jwk: jwk)
        }
        jwk = try es256JWK
        jwk.x = Base64URL.encode([UInt8](repeating: 1, count: 31))
        KeyErrorExpectations.expectRefusal(
            .invalidKey, mentioning: "\"x\" is 31 bytes; expected 32", keyMaterial: RFC7515.es256JWK
        ) {
            _ = try P256PublicKey(jwk: jwk)
        }
    }

    @Test func refusesAPointThatIsNotOnTheCurve() throws {
        var jwk = try es256JWK
        let encodedY = try #require(jwk.y)
        var y = try #require(Base64URL.decode(encodedY))
        y[31] ^= 0x01
        jwk.y = Base64URL.encode(y)
        KeyErrorExpectations.expectRefusal(.invalidKey, mentioning: "P-256", keyMaterial: RFC7515.es256JWK) {
            _ = try P256PublicKey(jwk: jwk)
        }
    }

    @Test func refusesAnRSAModulusBelow2048Bits() throws {
        var jwk = try decode(RFC7515.rs256JWK)
        let encodedModulus = try #require(jwk.n)
        let modulus = try #require(Base64URL.decode(encodedModulus))
        jwk.n = Base64URL.encode(modulus.prefix(128))
        KeyErrorExpectations.expectRefusal(.unsupportedKey, mentioning: "1024-bit", keyMaterial: RFC7515.rs256JWK) {
            _ = try RSAPublicKey(jwk: jwk)
        }
    }

    @Test func neverPrintsThePrivateMember() throws {
        let jwk = try es256JWK
        let secret = try #require(jwk.d)
        var dumped = ""
        dump(jwk, to: &dumped)
        for text in [String(describing: jwk), String(reflecting: jwk), dumped, "\(jwk)"] {
            #expect(!text.contains(secret))
            #expect(text.contains("<redacted>"))
            #expect(text.contains("P-256"))
        }
    }
}
