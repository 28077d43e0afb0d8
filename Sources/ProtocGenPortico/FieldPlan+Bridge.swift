/// The statements that move one field between the Swift value and protobuf-c's C struct.
/// In `init(cMessage:)` the C struct is the local `c`; in `fill(_:arena:)` it is
/// `cMessage.pointee` and allocations go to `arena`.
extension FieldPlan {
    /// Copies the field out of `c` into `self`.
    var decodeStatements: [String] {
        let member = "c.\(cMember)"
        let count = "c.n_\(cMember)"
        let target = "self.\(property)"
        switch shape {
        case .singular(.message):
            return ["\(target) = try CFieldReader.message(\(member))"]
        case .singular(let value):
            return ["\(target) = \(value.decode(member, label: label))"]
        case .wrapped(let scalar, _):
            let value = FieldPlan.Value.scalar(scalar)
            return ["\(target) = \(value.decodeThrows ? "try " : "")\(member).map { \(value.decode("$0.pointee.value", label: label)) }"]
        case .repeated(let value):
            return ["\(target) = \(value.decodeList(count: count, member: member, label: label))"]
        case .map(let key, let value, _):
            let keyValue = FieldPlan.Value.scalar(key)
            let mayThrow = keyValue.decodeThrows || value.decodeThrows
            return [
                "\(target) = \(mayThrow ? "try " : "")CFieldReader.map(\(count), \(member)) {",
                "    (entry) -> (\(key.swiftType), \(value.swiftType)) in",
                "    (",
                "        \(keyValue.decode("entry.pointee.key", label: "\(label) (map key)")),",
                "        \(value.decodeMapValue("entry.pointee.value", label: "\(label) (map value)"))",
                "    )",
                "}",
            ]
        }
    }

    /// Fills the field of `cMessage.pointee` from `self`.
    var encodeStatements: [String] {
        let member = "cMessage.pointee.\(cMember)"
        let count = "cMessage.pointee.n_\(cMember)"
        let source = "self.\(property)"
        switch shape {
        case .singular(.message):
            return ["\(member) = try arena.cMessageIfPresent(\(source))"]
        case .singular(let value):
            return ["\(member) = \(value.encode(source, label: label))"]
        case .wrapped(let scalar, let wrapper):
            let value = FieldPlan.Value.scalar(scalar)
            return [
                "if let value = \(source) {",
                "    \(member) = \(value.encodeThrows ? "try " : "")arena.cMessage(initialize: \(wrapper.cFunctionPrefix)__init) {",
                "        $0.pointee.value = \(value.encode("value", label: label))",
                "    }",
                "}",
            ]
        case .repeated(let value):
            return ["\(count) = \(source).count", "\(member) = \(value.encodeList(source, label: label))"]
        case .map(let key, let value, let entry):
            let keyValue = FieldPlan.Value.scalar(key)
            let mayThrow = keyValue.encodeThrows || value.encodeThrows
            return [
                "\(count) = \(source).count",
                "\(member) = \(mayThrow ? "try " : "")arena.cMapEntries(\(source), initialize: \(entry.cFunctionPrefix)__init) {",
                "    key, value, entry in",
                "    entry.pointee.key = \(keyValue.encode("key", label: "\(label) (map key)"))",
                "    entry.pointee.value = \(value.encode("value", label: "\(label) (map value)"))",
                "}",
            ]
        }
    }
}

extension FieldPlan.Value {
    var decodeThrows: Bool {
        switch self {
        case .scalar(.string), .message: true
        default: false
        }
    }

    var encodeThrows: Bool { decodeThrows }

    /// Swift value from the C value `c`.
    func decode(_ c: String, label: String) -> String {
        switch self {
        case .scalar(.bool): "\(c) != 0"
        case .scalar(.string): "try CFieldReader.string(\(c), field: \(label.swiftLiteral))"
        case .scalar(.bytes): "CFieldReader.bytes(\(c))"
        case .scalar: c
        case .enumeration(let type): "\(type.swiftName)(rawValue: Int32(truncatingIfNeeded: \(c).rawValue))"
        case .message(let type): "try \(type.swiftName)(cMessage: \(c))"
        }
    }

    /// A map value: an absent message value is the message's default.
    func decodeMapValue(_ c: String, label: String) -> String {
        if case .message(let type) = self {
            return "try CFieldReader.message(\(c)) ?? \(type.swiftName)()"
        }
        return decode(c, label: label)
    }

    func decodeList(count: String, member: String, label: String) -> String {
        switch self {
        case .scalar(.string): "try CFieldReader.strings(\(count), \(member), field: \(label.swiftLiteral))"
        case .scalar(.bytes): "CFieldReader.bytesList(\(count), \(member))"
        case .scalar(.bool), .enumeration: "CFieldReader.list(\(count), \(member)) { \(decode("$0", label: label)) }"
        case .scalar: "CFieldReader.scalars(\(count), \(member))"
        case .message: "try CFieldReader.messages(\(count), \(member))"
        }
    }

    /// C value from the Swift value `swift`.
    func encode(_ swift: String, label: String) -> String {
        switch self {
        case .scalar(.bool): "\(swift) ? 1 : 0"
        case .scalar(.string): "try arena.cString(\(swift), field: \(label.swiftLiteral))"
        case .scalar(.bytes): "arena.cBytes(\(swift))"
        case .scalar: swift
        case .enumeration(let type): "\(type.cStruct)(rawValue: .init(truncatingIfNeeded: \(swift).rawValue))"
        case .message: "try arena.cMessage(\(swift))"
        }
    }

    func encodeList(_ swift: String, label: String) -> String {
        switch self {
        case .scalar(.string): "try arena.cStrings(\(swift), field: \(label.swiftLiteral))"
        case .scalar(.bytes): "arena.cBytesList(\(swift))"
        case .scalar(.bool), .enumeration: "arena.cList(\(swift)) { \(encode("$0", label: label)) }"
        case .scalar: "arena.cScalars(\(swift))"
        case .message: "try arena.cMessages(\(swift))"
        }
    }
}
