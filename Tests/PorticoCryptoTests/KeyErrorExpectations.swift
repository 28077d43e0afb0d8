import PorticoCrypto
import Testing

/// Checks on the errors key loaders throw: the right case, a message naming the problem, and no
/// key material.
enum KeyErrorExpectations {
    enum Kind {
        case invalidKey, unsupportedKey
    }

    /// The error `load` throws, after checking it is a `CryptoError` of `kind` whose description
    /// contains `mention` and quotes no 12-character run of `keyMaterial` (a PEM or JWK text).
    @discardableResult
    static func expectRefusal(
        _ kind: Kind, mentioning mention: String, keyMaterial: String,
        sourceLocation: SourceLocation = #_sourceLocation, _ load: () throws -> Void
    ) -> CryptoError? {
        let error = #expect(throws: CryptoError.self, sourceLocation: sourceLocation) { try load() }
        guard let error else { return nil }
        switch (kind, error) {
        case (.invalidKey, .invalidKey), (.unsupportedKey, .unsupportedKey):
            break
        default:
            Issue.record("expected \(kind), got \(error)", sourceLocation: sourceLocation)
        }
        let description = error.description
        #expect(description.contains(mention), "\(description)", sourceLocation: sourceLocation)
        let leaked = keyMaterialWindows(in: keyMaterial).filter { description.contains($0) }
        #expect(leaked.isEmpty, "description quotes the key: \(description)", sourceLocation: sourceLocation)
        return error
    }

    /// Every 12-character window of the base64 / base64url runs in `text`: the body lines of a
    /// PEM, the member values of a JWK.
    static func keyMaterialWindows(in text: String) -> Set<String> {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-=")
        let runs = text.split { !alphabet.contains($0) }.map(Array.init)
        var windows = Set<String>()
        for run in runs where run.count >= 12 {
            for start in 0...(run.count - 12) { windows.insert(String(run[start..<(start + 12)])) }
        }
        return windows
    }
}
