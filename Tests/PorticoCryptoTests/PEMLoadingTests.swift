import Foundation
import PorticoCrypto
import Testing

/// Loading keys from PEM: every accepted encoding, and clear, key-free errors for the rest.
@Suite struct PEMLoadingTests {
    // MARK: Accepted encodings

    @Test func loadsAP256PublicKeyFromSubjectPublicKeyInfo() throws {
        let key = try P256PublicKey(pemRepresentation: RFC7515.es256PublicPEM)
        #expect(key.pemRepresentation == RFC7515.es256PublicPEM + "\n")
    }

    @Test(arguments: [RFC7515.es256PrivatePKCS8PEM, RFC7515.es256PrivateSEC1PEM])
    func loadsAP256PrivateKeyFromPKCS8AndSEC1(pem: String) throws {
        let key = try P256PrivateKey(pemRepresentation: pem)
        #expect(key.publicKey.pemRepresentation == RFC7515.es256PublicPEM + "\n")
        #expect(key.pemRepresentation == RFC7515.es256PrivatePKCS8PEM + "\n")
    }

    @Test func skipsTheECParametersBlockThatOpenSSLWritesAheadOfAKey() throws {
        let pem = RefusedKeys.p256ParametersPEM + "\n" + RFC7515.es256PrivateSEC1PEM
        let key = try P256PrivateKey(pemRepresentation: pem)
        #expect(key.publicKey.pemRepresentation == RFC7515.es256PublicPEM + "\n")
    }

    @Test func acceptsCRLFLineEndingsAndSurroundingText() throws {
        let crlf = RFC7515.es256PublicPEM.replacingOccurrences(of: "\n", with: "\r\n")
        let pem = "key served by the ALB:\r\n" + crlf + "\r\n"
        #expect(try P256PublicKey(pemRepresentation: pem).pemRepresentation == RFC7515.es256PublicPEM + "\n")
    }

    @Test(arguments: [RFC7515.rs256PublicSPKIPEM, RFC7515.rs256PublicPKCS1PEM])
    func loadsAnRSAPublicKeyFromSPKIAndPKCS1(pem: String) throws {
        let key = try RSAPublicKey(pemRepresentation: pem)
        #expect(key.bitCount == 2048)
        #expect(key.pemRepresentation == RFC7515.rs256PublicSPKIPEM + "\n")
    }

    @Test(arguments: [RFC7515.rs256PrivatePKCS8PEM, RFC7515.rs256PrivatePKCS1PEM])
    func loadsAnRSAPrivateKeyFromPKCS8AndPKCS1(pem: String) throws {
        let key = try RSAPrivateKey(pemRepresentation: pem)
        #expect(key.publicKey.pemRepresentation == RFC7515.rs256PublicSPKIPEM + "\n")
    }

    // MARK: Refusals

    @Test func refusesGarbage() {
        let garbage = "this is not a key at all"
        KeyErrorExpectations.expectRefusal(.invalidKey, mentioning: "not PEM", keyMaterial: garbage) {
            _ = try P256PublicKey(pemRepresentation: garbage)
        }
        KeyErrorExpectations.expectRefusal(.invalidKey, mentioning: "not PEM", keyMaterial: garbage) {
            _ = try RSAPrivateKey(pemRepresentation: "")
        }
    }

    @Test func refusesATruncatedPEM() {
        func truncated(_ pem: String) -> String { String(pem.prefix(pem.count * 2 / 3)) }
        let publicPEM = RFC7515.es256PublicPEM
        KeyErrorExpectations.expectRefusal(.invalidKey, mentioning: "truncated", keyMaterial: publicPEM) {
            _ = try P256PublicKey(pemRepresentation: truncated(publicPEM))
        }
        let p256PEM = RFC7515.es256PrivatePKCS8PEM
        KeyErrorExpectations.expectRefusal(.invalidKey, mentioning: "truncated", keyMaterial: p256PEM) {
            _ = try P256PrivateKey(pemRepresentation: truncated(p256PEM))
        }
        let rsaPEM = RFC7515.rs256PrivatePKCS1PEM
        KeyErrorExpectations.expectRefusal(.invalidKey, mentioning: "truncated", keyMaterial: rsaPEM) {
            _ = try RSAPrivateKey(pemRepresentation: truncated(rsaPEM))
        }
    }

    @Test func refusesAPEMWhoseBodyLostALine() {
        var lines = RFC7515.rs256PublicSPKIPEM.split(separator: "\n")
        lines.remove(at: 3)
        let damaged = lines.joined(separator: "\n")
        KeyErrorExpectations.expectRefusal(.invalidKey, mentioning: "does not hold a valid key", keyMaterial: damaged) {
            _ = try RSAPublicKey(pemRepresentation: damaged)
        }
    }

    @Test func refusesAnRSAKeyWhereAP256KeyIsNeeded() {
        for pem in [RFC7515.rs256PublicSPKIPEM, RFC7515.rs256PublicPKCS1PEM] {
            KeyErrorExpectations.expectRefusal(
                .unsupportedKey, mentioning: "not an EC P-256 public key", keyMaterial: pem
            ) {
                _ = try P256PublicKey(pemRepresentation: pem)
            }
        }
        KeyErrorExpectations.expectRefusal(
            .unsupportedKey, mentioning: "not an EC P-256 private key", keyMaterial: RFC7515.rs256PrivatePKCS8PEM
        ) {
            _ = try P256PrivateKey(pemRepresentation: RFC7515.rs256PrivatePKCS8PEM)
        }
    }

    @Test func refusesAP256KeyWhereAnRSAKeyIsNeeded() {
        KeyErrorExpectations.expectRefusal(
            .unsupportedKey, mentioning: "not an RSA public key", keyMaterial: RFC7515.es256PublicPEM
        ) {
            _ = try RSAPublicKey(pemRepresentation: RFC7515.es256PublicPEM)
        }
        KeyErrorExpectations.expectRefusal(
            .unsupportedKey, mentioning: "not an RSA private key", keyMaterial: RFC7515.es256PrivateSEC1PEM
        ) {
            _ = try RSAPrivateKey(pemRepresentation: RFC7515.es256PrivateSEC1PEM)
        }
    }

    @Test func refusesOtherCurvesAndKeyTypes() {
        KeyErrorExpectations.expectRefusal(
            .unsupportedKey, mentioning: "secp384r1", keyMaterial: RefusedKeys.p384PublicPEM
        ) {
            _ = try P256PublicKey(pemRepresentation: RefusedKeys.p384PublicPEM)
        }
        KeyErrorExpectations.expectRefusal(
            .unsupportedKey, mentioning: "ED25519", keyMaterial: RefusedKeys.ed25519PublicPEM
        ) {
            _ = try P256PublicKey(pemRepresentation: RefusedKeys.ed25519PublicPEM)
        }
    }

    @Test func refusesRSAKeysBelow2048Bits() {
        KeyErrorExpectations.expectRefusal(
            .unsupportedKey, mentioning: "1024-bit", keyMaterial: RefusedKeys.rsa1024PublicPEM
        ) {
            _ = try RSAPublicKey(pemRepresentation: RefusedKeys.rsa1024PublicPEM)
        }
    }

    @Test func refusesAPrivateKeyWhereAPublicKeyIsNeededAndTheReverse() {
        KeyErrorExpectations.expectRefusal(
            .invalidKey, mentioning: "private key where a public key is needed",
            keyMaterial: RFC7515.es256PrivatePKCS8PEM
        ) {
            _ = try P256PublicKey(pemRepresentation: RFC7515.es256PrivatePKCS8PEM)
        }
        KeyErrorExpectations.expectRefusal(
            .invalidKey, mentioning: "public key where a private key is needed", keyMaterial: RFC7515.rs256PublicSPKIPEM
        ) {
            _ = try RSAPrivateKey(pemRepresentation: RFC7515.rs256PublicSPKIPEM)
        }
    }

    @Test func refusesEncryptedPrivateKeysWithoutPromptingForAPassphrase() {
        for pem in [RefusedKeys.encryptedPKCS8PEM, RefusedKeys.encryptedSEC1PEM] {
            KeyErrorExpectations.expectRefusal(.unsupportedKey, mentioning: "encrypted", keyMaterial: pem) {
                _ = try P256PrivateKey(pemRepresentation: pem)
            }
        }
    }

    @Test func refusesAPEMWithNoKeyBlock() {
        KeyErrorExpectations.expectRefusal(
            .invalidKey, mentioning: "no private key block (found: EC PARAMETERS)",
            keyMaterial: RefusedKeys.p256ParametersPEM
        ) {
            _ = try P256PrivateKey(pemRepresentation: RefusedKeys.p256ParametersPEM)
        }
    }

    @Test func refusesOversizedInputBeforeParsingIt() {
        let huge = String(repeating: "A", count: 100_000)
        KeyErrorExpectations.expectRefusal(.invalidKey, mentioning: "more than the", keyMaterial: huge) {
            _ = try RSAPublicKey(pemRepresentation: huge)
        }
    }

    @Test func privateKeysDoNotPrintTheirKey() throws {
        let p256 = try P256PrivateKey(pemRepresentation: RFC7515.es256PrivatePKCS8PEM)
        let rsa = try RSAPrivateKey(pemRepresentation: RFC7515.rs256PrivatePKCS8PEM)
        var dumped = ""
        dump(p256, to: &dumped)
        dump(rsa, to: &dumped)
        let printed = [
            String(describing: p256), String(reflecting: p256),
            String(describing: rsa), String(reflecting: rsa), dumped,
        ]
        let windows = KeyErrorExpectations.keyMaterialWindows(in: RFC7515.es256PrivatePKCS8PEM)
            .union(KeyErrorExpectations.keyMaterialWindows(in: RFC7515.rs256PrivatePKCS8PEM))
        for text in printed {
            #expect(text.contains("redacted"))
            #expect(!windows.contains { text.contains($0) })
        }
    }
}
