@testable import PorticoCrypto
import Testing

/// Failures leave OpenSSL's per-thread error queue empty, so no error outlives its call.
@Suite struct OpenSSLErrorQueueTests {
    @Test func failedLoadsAndVerificationsLeaveTheQueueEmpty() throws {
        _ = try? P256PublicKey(pemRepresentation: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
        #expect(OpenSSLErrorQueue.drainReason() == nil)
        _ = try? RSAPrivateKey(pemRepresentation: String(RFC7515.rs256PrivatePKCS1PEM.prefix(300)))
        #expect(OpenSSLErrorQueue.drainReason() == nil)
        let offCurve = Base64URL.encode([UInt8](repeating: 9, count: 32))
        _ = try? P256PublicKey(jwk: JSONWebKey(kty: "EC", crv: "P-256", x: offCurve, y: offCurve))
        #expect(OpenSSLErrorQueue.drainReason() == nil)
        let key = try RSAPublicKey(pemRepresentation: RFC7515.rs256PublicSPKIPEM)
        #expect(!key.isValidSignature([UInt8](repeating: 0xff, count: 256), for: [1, 2, 3]))
        #expect(OpenSSLErrorQueue.drainReason() == nil)
        let p256 = try P256PublicKey(pemRepresentation: RFC7515.es256PublicPEM)
        #expect(!p256.isValidSignature([UInt8](repeating: 0xff, count: 64), for: [1, 2, 3]))
        #expect(OpenSSLErrorQueue.drainReason() == nil)
    }
}
