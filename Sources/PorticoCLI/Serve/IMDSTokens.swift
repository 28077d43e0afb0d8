import Foundation

/// IMDSv2 session tokens handed out by `PUT /latest/api/token`: 64 random characters, each
/// valid for the TTL the client asked for (1 to 21600 seconds). Expired tokens are dropped as
/// new ones are issued.
final class IMDSTokens: @unchecked Sendable {
    // @unchecked: `tokens` is only touched under `lock`.
    private let lock = NSLock()
    private var tokens: [String: Date] = [:]
    static let ttlRange = 1...21600
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    func issue(ttl: Int, now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let token = String((0..<64).map { _ in Self.alphabet[Int(generator.next(upperBound: UInt(Self.alphabet.count)))] })
        lock.withLock {
            tokens = tokens.filter { $0.value > now }
            tokens[token] = now.addingTimeInterval(TimeInterval(ttl))
        }
        return token
    }

    /// Whether `token` was issued and has not expired (compared in constant time per entry).
    func isValid(_ token: String, now: Date = Date()) -> Bool {
        lock.withLock {
            tokens.contains { ConstantTimeText.equals($0.key, token) && $0.value > now }
        }
    }
}

/// Text compared without an early exit, so timing does not say how much of a secret matched.
enum ConstantTimeText {
    static func equals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
