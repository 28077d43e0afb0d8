/// ConsoleMe's policy minimization (CONSOLEME.md 3.4), made deterministic: lists normalized
/// (actions lowercased, duplicates and entries a wildcard of the same list already covers
/// dropped, sorted), statements that differ in exactly one list merged, then fresh Sids.
public struct PolicyMinimizer: Sendable {
    /// Sid stem: `cm` + the caller's e-mail local part (alphanumerics only) + epoch seconds.
    public var sidStem: String

    public init(user: String, epochSeconds: Int) {
        let local = user.split(separator: "@", maxSplits: 1).first.map(String.init) ?? user
        sidStem = "cm" + local.filter { $0.isASCII && ($0.isLetter || $0.isNumber) } + String(epochSeconds)
    }

    /// The minimal equivalent of `document`, Version 2012-10-17.
    public func minimize(_ document: PolicyDocument) -> PolicyDocument {
        var statements = document.statements.map { Self.normalized($0, clearingSid: true) }
        var merged = true
        while merged {
            merged = false
            search: for i in statements.indices {
                for j in statements.indices where j > i {
                    if let union = Self.merge(statements[i], statements[j]) {
                        statements[i] = Self.normalized(union, clearingSid: true)
                        statements.remove(at: j)
                        merged = true
                        break search
                    }
                }
            }
        }
        // Identical statements are merged above (they differ in zero lists); drop any left.
        var seen: Set<PolicyStatement> = []
        statements = statements.filter { seen.insert($0).inserted }
        var used: Set<String> = []
        for index in statements.indices {
            var sid = sidStem + Self.letters(for: statements[index])
            while !used.insert(sid).inserted { sid += "x" }
            statements[index].sid = sid
        }
        return PolicyDocument(version: PolicyDocument.currentVersion, id: document.id, statements: statements)
    }

    /// A statement with each list normalized (step 1 of 3.4).
    public static func normalized(_ statement: PolicyStatement, clearingSid: Bool = false) -> PolicyStatement {
        var copy = statement
        if clearingSid { copy.sid = nil }
        copy.action = statement.action.map { reduced($0.map { $0.lowercased() }) }
        copy.notAction = statement.notAction.map { reduced($0.map { $0.lowercased() }) }
        copy.resource = statement.resource.map(reduced)
        copy.notResource = statement.notResource.map(reduced)
        if case .identified(let kinds)? = statement.notPrincipal { copy.notPrincipal = .identified(kinds.mapValues(reduced)) }
        if case .identified(let kinds)? = statement.principal { copy.principal = .identified(kinds.mapValues(reduced)) }
        copy.includeAccounts = statement.includeAccounts.map { Array(Set($0)).sorted() }
        copy.excludeAccounts = statement.excludeAccounts.map { Array(Set($0)).sorted() }
        return copy
    }

    /// Deduplicated, without entries another entry matches as a glob, sorted.
    public static func reduced(_ entries: [String]) -> [String] {
        let unique = Array(Set(entries))
        let globs = unique.filter { $0.contains("*") || $0.contains("?") }.map { Glob($0) }
        return unique.filter { entry in
            !globs.contains { $0.pattern != entry && $0.matches(entry) }
        }.sorted()
    }

    /// The union of two statements equal except in exactly one of the mergeable lists, else nil.
    static func merge(_ a: PolicyStatement, _ b: PolicyStatement) -> PolicyStatement? {
        let lists: [WritableKeyPath<PolicyStatement, [String]?>] = [\.action, \.notAction, \.resource, \.notResource]
        var differing: [WritableKeyPath<PolicyStatement, [String]?>] = []
        for list in lists where Set(a[keyPath: list] ?? []) != Set(b[keyPath: list] ?? []) {
            // A list present on one side only is a different shape, not a different value.
            guard a[keyPath: list] != nil, b[keyPath: list] != nil else { return nil }
            differing.append(list)
        }
        var rest = a, other = b
        for list in lists {
            rest[keyPath: list] = nil
            other[keyPath: list] = nil
        }
        guard rest == other else { return nil }
        if differing.isEmpty { return a }
        guard differing.count == 1, let list = differing.first else { return nil }
        var union = a
        union[keyPath: list] = (a[keyPath: list] ?? []) + (b[keyPath: list] ?? [])
        return union
    }

    /// Four lowercase letters derived from the statement's canonical text (FNV-1a), so the same
    /// policy gets the same Sids at the same second.
    static func letters(for statement: PolicyStatement) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in CanonicalJSON.bytes(statement.json) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        var letters = ""
        for _ in 0..<4 {
            letters.append(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(hash % 26))))
            hash /= 26
        }
        return letters
    }
}
