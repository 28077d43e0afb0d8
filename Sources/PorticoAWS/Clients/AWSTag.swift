import Foundation

/// A key/value tag on an AWS resource or an STS session.
public struct AWSTag: Sendable, Hashable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

extension XMLTree {
    /// The tags of a `<Tags><member><Key/><Value/></member>…</Tags>` list.
    var tags: [AWSTag] {
        members.compactMap { member in
            guard let key = member.string("Key") else { return nil }
            return AWSTag(key: key, value: member.string("Value") ?? "")
        }
    }

    /// An integer child, nil when missing or not a number.
    func int(_ name: String) -> Int? { string(name).flatMap { Int($0) } }

    /// A boolean child (`true`/`false`), nil when missing.
    func bool(_ name: String) -> Bool? { string(name).map { $0 == "true" } }

    /// A timestamp child in ISO 8601.
    func date(_ name: String) -> Date? { string(name).flatMap(ISO8601Timestamp.parse) }

    /// A child that must be there: a missing one means the answer is not what the API promises.
    func required(_ name: String) throws -> String {
        guard let value = string(name) else {
            throw AWSClientError.malformedResponse("\(self.name) has no \(name)")
        }
        return value
    }
}
