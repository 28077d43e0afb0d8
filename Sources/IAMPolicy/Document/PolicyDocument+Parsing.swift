public import PorticoCore

extension PolicyDocument {
    /// Parses and structurally checks a policy document from its JSON text.
    /// - Throws: `PolicyParseError.syntax` when the text is not JSON,
    ///   `.structure` naming every path at fault when it is JSON but not a policy document.
    public init(parsing text: String) throws(PolicyParseError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: Array(text.utf8))
        } catch {
            throw .syntax(error)
        }
        do {
            try self.init(json: json)
        } catch {
            throw .structure(error)
        }
    }

    /// Reads a policy document from parsed JSON (an object; `Statement` an object or an array;
    /// each list a string or an array of strings).
    /// - Throws: `PolicyStructureError` naming every path at fault.
    public init(json: JSONValue) throws(PolicyStructureError) {
        var reader = PolicyStructureReader()
        let document = reader.document(json)
        guard reader.problems.isEmpty, let document else {
            throw PolicyStructureError(problems: reader.problems)
        }
        self = document
    }

    /// The structural problems of `json` as a policy document (empty when it is one).
    public static func structureProblems(of json: JSONValue) -> [PolicyStructureProblem] {
        var reader = PolicyStructureReader()
        _ = reader.document(json)
        return reader.problems
    }
}

/// Why text is not a policy document.
public enum PolicyParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not JSON at all.
    case syntax(JSONValue.SyntaxError)
    /// JSON, but not shaped as a policy document.
    case structure(PolicyStructureError)

    public var description: String {
        switch self {
        case .syntax(let error): "not JSON: \(error.reason)"
        case .structure(let error): error.description
        }
    }
}

/// Walks a JSON value as a policy document, collecting every problem with its path.
struct PolicyStructureReader {
    var problems: [PolicyStructureProblem] = []

    static let documentKeys: Set<String> = ["Version", "Id", "Statement"]
    static let statementKeys: Set<String> = [
        "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition",
        "IncludeAccounts", "ExcludeAccounts",
    ]

    mutating func problem(_ path: String, _ reason: String) {
        problems.append(PolicyStructureProblem(path: path, reason: reason))
    }

    mutating func document(_ json: JSONValue) -> PolicyDocument? {
        guard let fields = json.objectValue else {
            problem("", "a policy document must be a JSON object")
            return nil
        }
        for key in fields.keys.sorted() where !Self.documentKeys.contains(key) {
            problem(key, "unknown key (a policy document has Version, Id and Statement)")
        }
        var version: String?
        if let value = fields["Version"] {
            if let text = value.stringValue {
                if PolicyDocument.knownVersions.contains(text) {
                    version = text
                } else {
                    problem("Version", "must be \"2012-10-17\" or \"2008-10-17\", not \"\(text)\"")
                }
            } else {
                problem("Version", "must be a string")
            }
        }
        var id: String?
        if let value = fields["Id"] {
            if let text = value.stringValue { id = text } else { problem("Id", "must be a string") }
        }
        var statements: [PolicyStatement] = []
        switch fields["Statement"] {
        case nil:
            problem("Statement", "is missing")
        case .object?:
            if let statement = statement(fields["Statement"]!, path: "Statement") { statements.append(statement) }
        case .array(let items)?:
            if items.isEmpty { problem("Statement", "must hold at least one statement") }
            for (index, item) in items.enumerated() {
                if let statement = statement(item, path: "Statement[\(index)]") { statements.append(statement) }
            }
        case _?:
            problem("Statement", "must be an object or an array of objects")
        }
        return PolicyDocument(version: version, id: id, statements: statements)
    }

    mutating func statement(_ json: JSONValue, path: String) -> PolicyStatement? {
        guard let fields = json.objectValue else {
            problem(path, "a statement must be a JSON object")
            return nil
        }
        for key in fields.keys.sorted() where !Self.statementKeys.contains(key) {
            problem("\(path).\(key)", "unknown key")
        }
        var statement = PolicyStatement()
        if let value = fields["Sid"] {
            if let text = value.stringValue { statement.sid = text } else { problem("\(path).Sid", "must be a string") }
        }
        switch fields["Effect"] {
        case nil:
            problem("\(path).Effect", "is missing")
        case .string(let text)?:
            if let effect = PolicyEffect(rawValue: text) {
                statement.effect = effect
            } else {
                problem("\(path).Effect", "must be \"Allow\" or \"Deny\", not \"\(text)\"")
            }
        case _?:
            problem("\(path).Effect", "must be the string \"Allow\" or \"Deny\"")
        }
        statement.action = list(fields, "Action", path: path)
        statement.notAction = list(fields, "NotAction", path: path)
        statement.resource = list(fields, "Resource", path: path)
        statement.notResource = list(fields, "NotResource", path: path)
        statement.principal = principal(fields, "Principal", path: path)
        statement.notPrincipal = principal(fields, "NotPrincipal", path: path)
        statement.includeAccounts = list(fields, "IncludeAccounts", path: path)
        statement.excludeAccounts = list(fields, "ExcludeAccounts", path: path)
        if fields["Action"] == nil && fields["NotAction"] == nil {
            problem("\(path).Action", "is missing (a statement needs Action or NotAction)")
        }
        for (first, second) in [("Action", "NotAction"), ("Resource", "NotResource"), ("Principal", "NotPrincipal")]
        where fields[first] != nil && fields[second] != nil {
            problem("\(path).\(second)", "cannot appear together with \(first)")
        }
        if let value = fields["Condition"] {
            statement.condition = condition(value, path: "\(path).Condition")
        }
        return statement
    }

    /// A string or a non-empty array of strings.
    mutating func list(_ fields: [String: JSONValue], _ key: String, path: String) -> [String]? {
        guard let value = fields[key] else { return nil }
        return strings(value, path: "\(path).\(key)")
    }

    mutating func strings(_ value: JSONValue, path: String) -> [String]? {
        switch value {
        case .string(let text):
            return [text]
        case .array(let items):
            if items.isEmpty {
                problem(path, "must not be an empty array")
                return nil
            }
            var texts: [String] = []
            for (index, item) in items.enumerated() {
                if let text = item.stringValue { texts.append(text) } else { problem("\(path)[\(index)]", "must be a string") }
            }
            return texts
        default:
            problem(path, "must be a string or an array of strings")
            return nil
        }
    }

    mutating func principal(_ fields: [String: JSONValue], _ key: String, path: String) -> PolicyPrincipal? {
        guard let value = fields[key] else { return nil }
        let path = "\(path).\(key)"
        switch value {
        case .string("*"):
            return .everyone
        case .object(let kinds):
            if kinds.isEmpty { problem(path, "must name at least one principal") }
            var identified: [String: [String]] = [:]
            for kind in kinds.keys.sorted() {
                guard PolicyPrincipal.kinds.contains(kind) else {
                    problem("\(path).\(kind)", "unknown principal kind (AWS, Service, Federated or CanonicalUser)")
                    continue
                }
                if let names = strings(kinds[kind]!, path: "\(path).\(kind)") { identified[kind] = names }
            }
            return .identified(identified)
        default:
            problem(path, "must be \"*\" or an object of principal kinds")
            return nil
        }
    }

    mutating func condition(_ value: JSONValue, path: String) -> PolicyCondition? {
        guard let operators = value.objectValue else {
            problem(path, "must be an object of condition operators")
            return nil
        }
        var result: [String: [String: [JSONValue]]] = [:]
        for op in operators.keys.sorted() {
            let opPath = "\(path).\(op)"
            guard let keys = operators[op]!.objectValue else {
                problem(opPath, "must be an object of condition keys")
                continue
            }
            if keys.isEmpty { problem(opPath, "must name at least one condition key") }
            var byKey: [String: [JSONValue]] = [:]
            for key in keys.keys.sorted() {
                let keyPath = "\(opPath).\(key)"
                switch keys[key]! {
                case .string, .number, .bool:
                    byKey[key] = [keys[key]!]
                case .array(let items):
                    if items.isEmpty { problem(keyPath, "must not be an empty array") }
                    for (index, item) in items.enumerated() {
                        switch item {
                        case .string, .number, .bool: continue
                        default: problem("\(keyPath)[\(index)]", "must be a string, number or boolean")
                        }
                    }
                    byKey[key] = items
                default:
                    problem(keyPath, "must be a string, number, boolean or an array of them")
                }
            }
            result[op] = byKey
        }
        return PolicyCondition(result)
    }
}
