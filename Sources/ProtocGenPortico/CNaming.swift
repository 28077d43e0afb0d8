/// The C identifiers protoc-c 1.4 generates, rebuilt from full proto names with protoc-c's own
/// rules (c_helpers.cc), so the Swift bridge can name the structs and functions.
enum CNaming {
    /// `portico.v1.EchoRequest.Hop` → `Portico__V1__EchoRequest__Hop` (the struct type).
    static func structName(fullName: String) -> String {
        pieces(fullName).map(toCamel).joined(separator: "__")
    }

    /// `portico.v1.EchoRequest.Hop` → `portico__v1__echo_request__hop` (function prefix).
    static func functionPrefix(fullName: String) -> String {
        pieces(fullName).map(camelToLower).joined(separator: "__")
    }

    /// The member name of a field in the C struct (lower-cased, C keywords get a `_`).
    static func fieldName(_ name: String) -> String {
        let lowered = String(name.map { Character($0.lowercased()) })
        return cKeywords.contains(lowered) ? lowered + "_" : lowered
    }

    private static func pieces(_ fullName: String) -> [Substring] {
        fullName.split(separator: ".", omittingEmptySubsequences: true)
    }

    /// protoc-c's ToCamel: drops `_` and upper-cases the letter after it and the first.
    private static func toCamel(_ name: Substring) -> String {
        var result = ""
        var nextIsUpper = true
        for character in name {
            if character == "_" {
                nextIsUpper = true
            } else if nextIsUpper {
                result += character.uppercased()
                nextIsUpper = false
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// protoc-c's CamelToLower: `_` before an upper-case letter that follows a non-upper one.
    private static func camelToLower(_ name: Substring) -> String {
        var result = ""
        var wasUpper = true
        for character in name {
            let isUpper = character.isASCII && character.isUppercase
            if isUpper {
                if !wasUpper { result += "_" }
                result += character.lowercased()
            } else {
                result.append(character)
            }
            wasUpper = isUpper
        }
        return result
    }

    private static let cKeywords: Set<String> = [
        "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char",
        "class", "compl", "const", "const_cast", "continue", "default", "delete", "do", "double",
        "dynamic_cast", "else", "enum", "explicit", "extern", "false", "float", "for", "friend", "goto",
        "if", "inline", "int", "long", "mutable", "namespace", "new", "not", "not_eq", "operator", "or",
        "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "return", "short",
        "signed", "sizeof", "static", "static_cast", "struct", "switch", "template", "this", "throw",
        "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void",
        "volatile", "wchar_t", "while", "xor", "xor_eq",
    ]
}
