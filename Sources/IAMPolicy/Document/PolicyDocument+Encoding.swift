public import PorticoCore

extension PolicyDocument {
    /// The document as JSON: `Statement` always an array, every list an array, absent elements left out.
    public var json: JSONValue {
        var fields: [String: JSONValue] = ["Statement": .array(statements.map(\.json))]
        if let version { fields["Version"] = .string(version) }
        if let id { fields["Id"] = .string(id) }
        return .object(fields)
    }

    /// The canonical JSON text (see `CanonicalJSON`): what Portico stores, compares and applies.
    public var canonicalText: String { CanonicalJSON.text(json) }

    /// The canonical JSON bytes, the input of `hash(using:)`.
    public var canonicalBytes: [UInt8] { CanonicalJSON.bytes(json) }

    /// The document's stable hash: lowercase hex of `sha256` over `canonicalBytes`.
    /// IAMPolicy has no crypto of its own: pass `PorticoCrypto.SHA256.hash`
    /// (`document.hash(using: SHA256.hash)`).
    public func hash(using sha256: ([UInt8]) -> [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in sha256(canonicalBytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The document without ConsoleMe's template keys (`IncludeAccounts`/`ExcludeAccounts`),
    /// which IAM refuses: what is sent to AWS.
    public var withoutTemplateKeys: PolicyDocument {
        var copy = self
        for index in copy.statements.indices {
            copy.statements[index].includeAccounts = nil
            copy.statements[index].excludeAccounts = nil
        }
        return copy
    }
}

extension PolicyStatement {
    /// The statement as JSON, every list an array.
    public var json: JSONValue {
        var fields: [String: JSONValue] = ["Effect": .string(effect.rawValue)]
        if let sid { fields["Sid"] = .string(sid) }
        func put(_ key: String, _ list: [String]?) {
            if let list { fields[key] = .array(list.map(JSONValue.string)) }
        }
        put("Action", action)
        put("NotAction", notAction)
        put("Resource", resource)
        put("NotResource", notResource)
        put("IncludeAccounts", includeAccounts)
        put("ExcludeAccounts", excludeAccounts)
        if let principal { fields["Principal"] = principal.json }
        if let notPrincipal { fields["NotPrincipal"] = notPrincipal.json }
        if let condition { fields["Condition"] = condition.json }
        return .object(fields)
    }
}

extension PolicyPrincipal {
    public var json: JSONValue {
        switch self {
        case .everyone: .string("*")
        case .identified(let kinds): .object(kinds.mapValues { .array($0.map(JSONValue.string)) })
        }
    }
}

extension PolicyCondition {
    /// Each key's values as written: a single value stays a scalar, several an array.
    public var json: JSONValue {
        .object(operators.mapValues { keys in
            .object(keys.mapValues { values in values.count == 1 ? values[0] : .array(values) })
        })
    }
}
