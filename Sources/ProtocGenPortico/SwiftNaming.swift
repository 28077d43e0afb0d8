/// How proto names become Swift names: types keep their proto names, fields and enum cases
/// become lowerCamelCase with common acronyms upper-cased (`account_id` → `accountID`), enum
/// cases lose the enum-name prefix (`SERVING_STATUS_NOT_SERVING` → `notServing`), keywords are
/// escaped with backticks.
enum SwiftNaming {
    /// `repeat_count` → `repeatCount`, `role_arn` → `roleARN`.
    static func lowerCamel(_ snakeOrUpperSnake: String) -> String {
        // UPPER_SNAKE (enum values) is lower-cased first; other words keep their inner case.
        let isAllUpper = !snakeOrUpperSnake.contains { $0.isLowercase }
        let words = snakeOrUpperSnake.split(separator: "_").map { isAllUpper ? $0.lowercased() : String($0) }
        guard let first = words.first else { return snakeOrUpperSnake }
        var result = first.prefix(1).lowercased() + first.dropFirst()
        for word in words.dropFirst() {
            result += acronyms[word] ?? (word.prefix(1).uppercased() + word.dropFirst())
        }
        return result
    }

    /// A field name as a Swift property (escaped when it is a keyword).
    static func propertyName(_ protoName: String) -> String {
        escaped(lowerCamel(protoName))
    }

    /// Enum case names for all values: the shared `ENUM_NAME_` prefix is dropped when every
    /// value has it and the results stay distinct, valid identifiers.
    static func caseNames(enumName: String, valueNames: [String]) -> [String] {
        let prefix = upperSnake(enumName) + "_"
        let stripped = valueNames.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
        let canStrip = valueNames.allSatisfy { $0.hasPrefix(prefix) }
            && stripped.allSatisfy { name in name.first.map { $0.isLetter } ?? false }
        let names = (canStrip ? stripped : valueNames).map(lowerCamel)
        return names.map { $0 == "unrecognized" ? "unrecognizedValue" : escaped($0) }
    }

    /// `EchoPriority` → `ECHO_PRIORITY`.
    static func upperSnake(_ camel: String) -> String {
        var result = ""
        var previousWasLowerOrDigit = false
        for character in camel {
            if character.isUppercase && previousWasLowerOrDigit { result += "_" }
            result += character.uppercased()
            previousWasLowerOrDigit = character.isLowercase || character.isNumber
        }
        return result
    }

    static func escaped(_ identifier: String) -> String {
        keywords.contains(identifier) ? "`\(identifier)`" : identifier
    }

    /// The name without backticks, for use inside other identifiers and strings.
    static func unescaped(_ identifier: String) -> String {
        identifier.filter { $0 != "`" }
    }

    static let acronyms: [String: String] = [
        "id": "ID", "ids": "IDs", "url": "URL", "urls": "URLs", "uri": "URI", "arn": "ARN", "arns": "ARNs",
        "ip": "IP", "ips": "IPs", "http": "HTTP", "json": "JSON", "jwt": "JWT", "ttl": "TTL",
    ]

    private static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "super", "throws",
        "true", "try", "consume", "borrowing", "consuming", "copy", "discard", "each", "some", "any",
    ]
}
