import Foundation
import PorticoCrypto
import Testing

/// ES256 (ECDSA P-256 with SHA-256, raw R‖S signatures): RFC 7515 appendix A.3 and keys we make.
@Suite struct ES256SignatureTests {
    let message = Array(RFC7515.es256SigningInput.utf8)

    func publishedKey() throws -> P256PublicKey {
        let jwk = try JSONDecoder().decode(JSONWebKey.self, from: Data(RFC7515.es256JWK.utf8))
        return try P256PublicKey(jwk: jwk)
    }

    func publishedSignature() throws -> [UInt8] {
        try #require(Base64URL.decode(RFC7515.es256Signature))
    }

    @Test func verifiesThePublishedJWSWithThePublishedJWK() throws {
        let signature = try publishedSignature()
        #expect(signature.count == 64)
        #expect(try publishedKey().isValidSignature(signature, for: message))
    }

    @Test func verifiesThePublishedJWSWithTheSameKeyLoadedFromPEM() throws {
        let signature = try publishedSignature()
        #expect(try P256PublicKey(pemRepresentation: RFC7515.es256PublicPEM).isValidSignature(signature, for: message))
        let privateKey = try P256PrivateKey(pemRepresentation: RFC7515.es256PrivatePKCS8PEM)
        #expect(privateKey.publicKey.isValidSignature(signature, for: message))
    }

    @Test func rejectsThePublishedSignatureWithAnyBitFlipped() throws {
        let key = try publishedKey()
        let accepted = BitFlips.acceptedFlips(of: try publishedSignature()) { key.isValidSignature($0, for: message) }
        #expect(accepted.isEmpty)
    }

    @Test func rejectsThePublishedSignatureOverTheMessageWithAnyBitFlipped() throws {
        let key = try publishedKey()
        let signature = try publishedSignature()
        let accepted = BitFlips.acceptedFlips(of: message) { key.isValidSignature(signature, for: $0) }
        #expect(accepted.isEmpty)
    }

    @Test func signsWithAGeneratedKeyAndVerifiesWithItsPublicKey() throws {
        let key = try P256PrivateKey()
        let signature = try key.signature(for: message)
        #expect(signature.count == 64)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        let flippedSignatures = BitFlips.acceptedFlips(of: signature) {
            key.publicKey.isValidSignature($0, for: message)
        }
        #expect(flippedSignatures.isEmpty)
        let flippedMessages = BitFlips.acceptedFlips(of: message) { key.publicKey.isValidSignature(signature, for: $0) }
        #expect(flippedMessages.isEmpty)
    }

    @Test func signaturesOfAGeneratedKeyFailUnderAnotherKey() throws {
        let signer = try P256PrivateKey()
        let other = try P256PrivateKey()
        let signature = try signer.signature(for: message)
        #expect(!other.publicKey.isValidSignature(signature, for: message))
        #expect(try !publishedKey().isValidSignature(signature, for: message))
    }

    /// About one signature in 64 has an R or S below 2^248, which must be left-padded to keep
    /// R‖S at 64 bytes; a few hundred signatures make that case all but certain to occur.
    @Test func everySignatureIsSixtyFourBytesAndVerifies() throws {
        let key = try P256PrivateKey()
        var signatures: [[UInt8]] = []
        for index in 0..<300 {
            let message = Array("message \(index)".utf8)
            let signature = try key.signature(for: message)
            #expect(signature.count == 64)
            #expect(key.publicKey.isValidSignature(signature, for: message))
            signatures.append(signature)
        }
        #expect(Set(signatures).count == signatures.count)
    }

    @Test func signingIsRandomizedYetBothSignaturesVerify() throws {
        let key = try P256PrivateKey(pemRepresentation: RFC7515.es256PrivateSEC1PEM)
        let first = try key.signature(for: message)
        let second = try key.signature(for: message)
        #expect(first != second)
        #expect(try publishedKey().isValidSignature(first, for: message))
        #expect(try publishedKey().isValidSignature(second, for: message))
    }

    @Test(arguments: [0, 32, 63, 65, 72, 128])
    func rejectsSignaturesThatAreNotSixtyFourBytes(length: Int) throws {
        let key = try publishedKey()
        let signature = try publishedSignature()
        let resized = Array((signature + signature + signature).prefix(length))
        #expect(!key.isValidSignature(resized, for: message))
    }

    @Test func rejectsZeroScalarsAndScalarsAtOrAboveTheGroupOrder() throws {
        let key = try publishedKey()
        let signature = try publishedSignature()
        let zero = [UInt8](repeating: 0, count: 32)
        let allOnes = [UInt8](repeating: 0xFF, count: 32)
        #expect(!key.isValidSignature(zero + zero, for: message))
        #expect(!key.isValidSignature(zero + Array(signature.suffix(32)), for: message))
        #expect(!key.isValidSignature(Array(signature.prefix(32)) + zero, for: message))
        #expect(!key.isValidSignature(allOnes + Array(signature.suffix(32)), for: message))
    }

    @Test func aGeneratedKeyRoundTripsThroughPEM() throws {
        let key = try P256PrivateKey()
        let reloaded = try P256PrivateKey(pemRepresentation: key.pemRepresentation)
        #expect(reloaded.publicKey.pemRepresentation == key.publicKey.pemRepresentation)
        let publicKey = try P256PublicKey(pemRepresentation: key.publicKey.pemRepresentation)
        #expect(publicKey.isValidSignature(try reloaded.signature(for: message), for: message))
    }

    @Test func oneKeyVerifiesFromManyTasksAtOnce() async throws {
        let key = try publishedKey()
        let signature = try publishedSignature()
        let message = message
        let results = await withTaskGroup(of: Bool.self) { group in
            for task in 0..<16 {
                group.addTask {
                    (0..<25).allSatisfy { round in
                        key.isValidSignature(signature, for: message)
                            && !key.isValidSignature(signature, for: message + [UInt8(task), UInt8(round)])
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 16))
    }
}
