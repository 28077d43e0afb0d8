import PorticoCrypto

/// The hashing SigV4 needs, over PorticoCrypto (OpenSSL).
enum Digest {
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(bytes))
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        SHA256.hash(bytes)
    }

    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        HMACSHA256.authenticationCode(for: message, key: key)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        Hex.encode(bytes)
    }
}
