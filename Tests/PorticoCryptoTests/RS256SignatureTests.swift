import Foundation
import PorticoCrypto
import Testing

/// RS256 (RSASSA-PKCS1-v1_5 with SHA-256): RFC 7515 appendix A.2.
///
/// The private key is the published A.2 key, loaded from PEMs derived once from its JWK members
/// and embedded in `RFC7515Examples.swift`; reproducing the published signature byte for byte
/// shows the PEMs hold exactly the published key.
@Suite struct RS256SignatureTests {
    let message = Array(RFC7515.rs256SigningInput.utf8)

    func publishedSignature() throws -> [UInt8] {
        try #require(Base64URL.decode(RFC7515.rs256Signature))
    }

    func publishedPublicKey() throws -> RSAPublicKey {
        let jwk = try JSONDecoder().decode(JSONWebKey.self, from: Data(RFC7515.rs256JWK.utf8))
        return try RSAPublicKey(jwk: jwk)
    }

    @Test(arguments: [RFC7515.rs256PrivatePKCS8PEM, RFC7515.rs256PrivatePKCS1PEM])
    func signsThePublishedSigningInputToThePublishedSignature(pem: String) throws {
        let key = try RSAPrivateKey(pemRepresentation: pem)
        #expect(try key.signature(for: message) == publishedSignature())
    }

    @Test func verifiesThePublishedSignatureWithThePublishedJWK() throws {
        let key = try publishedPublicKey()
        #expect(key.bitCount == 2048)
        #expect(key.isValidSignature(try publishedSignature(), for: message))
    }

    @Test(arguments: [RFC7515.rs256PublicSPKIPEM, RFC7515.rs256PublicPKCS1PEM])
    func verifiesThePublishedSignatureWithThePublicKeyFromPEM(pem: String) throws {
        #expect(try RSAPublicKey(pemRepresentation: pem).isValidSignature(publishedSignature(), for: message))
    }

    @Test func thePrivateKeysPublicHalfVerifiesItsOwnSignatures() throws {
        let key = try RSAPrivateKey(pemRepresentation: RFC7515.rs256PrivatePKCS8PEM)
        let other = Array("another signing input".utf8)
        #expect(key.publicKey.isValidSignature(try key.signature(for: other), for: other))
        let loaded = try RSAPublicKey(pemRepresentation: RFC7515.rs256PublicPKCS1PEM)
        #expect(key.publicKey.pemRepresentation == loaded.pemRepresentation)
    }

    @Test func rejectsThePublishedSignatureWithAnyBitFlipped() throws {
        let key = try publishedPublicKey()
        let accepted = BitFlips.acceptedFlips(of: try publishedSignature()) { key.isValidSignature($0, for: message) }
        #expect(accepted.isEmpty)
    }

    @Test func rejectsThePublishedSignatureOverTheMessageWithAnyBitFlipped() throws {
        let key = try publishedPublicKey()
        let signature = try publishedSignature()
        let accepted = BitFlips.acceptedFlips(of: message) { key.isValidSignature(signature, for: $0) }
        #expect(accepted.isEmpty)
    }

    @Test func rejectsSignaturesShorterOrLongerThanTheModulus() throws {
        let key = try publishedPublicKey()
        let signature = try publishedSignature()
        #expect(!key.isValidSignature([], for: message))
        #expect(!key.isValidSignature(Array(signature.dropFirst()), for: message))
        #expect(!key.isValidSignature([0] + signature, for: message))
        #expect(!key.isValidSignature(signature + [0], for: message))
    }
}
