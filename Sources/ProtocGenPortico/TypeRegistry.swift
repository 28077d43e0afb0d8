/// A message or enum declared in one of the files being generated, with every name the
/// generator needs for it.
struct DeclaredType {
    enum Kind {
        case message(MessageDescriptor)
        case enumeration(EnumDescriptor)
    }

    var kind: Kind
    /// `portico.v1.EchoRequest.Hop`
    var fullName: String
    /// `EchoRequest.Hop`: the Swift type (types keep their proto names, nested types nest)
    /// and the name used in error messages.
    var swiftName: String
    /// The proto file that declares it.
    var file: String

    var cStruct: String { CNaming.structName(fullName: fullName) }
    var cFunctionPrefix: String { CNaming.functionPrefix(fullName: fullName) }

    var message: MessageDescriptor? {
        if case .message(let message) = kind { message } else { nil }
    }

    var isMapEntry: Bool { message?.isMapEntry ?? false }
}

/// Every message and enum of the files being generated, by full name.
struct TypeRegistry {
    private(set) var types: [String: DeclaredType] = [:]
    /// Declaration order, for deterministic output.
    private(set) var order: [String] = []

    /// Swift type names the generated code uses unqualified; a proto type may not shadow them.
    static let reservedTypeNames: Set<String> = [
        "String", "Bool", "Int", "Int32", "Int64", "UInt8", "UInt32", "UInt64", "Float", "Double",
        "Array", "Dictionary", "Optional", "Error", "Sendable", "Hashable", "Equatable", "Hasher",
        "RawRepresentable", "Type", "Protocol", "Self", "Any", "ProtoMessage", "RPCMethod", "RPCError",
        "CArena", "CFieldReader", "ProtobufCBridge", "WireSchema", "CBridgedMessage", "ProtoCatalog",
        "UnsafePointer", "UnsafeMutablePointer",
    ]

    init(files: [ProtoFile]) throws {
        for file in files {
            let prefix = file.package.isEmpty ? "" : file.package + "."
            for message in file.messages { try register(message, scope: prefix, swiftScope: "", file: file.name) }
            for enumeration in file.enums { try register(enumeration, scope: prefix, swiftScope: "", file: file.name) }
        }
    }

    /// Looks up a field's or method's type name (`.portico.v1.Principal`).
    func resolve(_ typeName: String, usedBy user: String) throws -> DeclaredType {
        let fullName = typeName.hasPrefix(".") ? String(typeName.dropFirst()) : typeName
        guard let type = types[fullName] else {
            throw GeneratorError(
                "\(user) uses \(fullName), which is not declared in the proto files given to protoc-gen-portico "
                    + "(only types from proto/*.proto can be bridged to protobuf-c)")
        }
        return type
    }

    private mutating func register(_ message: MessageDescriptor, scope: String, swiftScope: String, file: String) throws {
        let swiftName = swiftScope + message.name
        try add(DeclaredType(kind: .message(message), fullName: scope + message.name, swiftName: swiftName, file: file))
        for nested in message.nestedMessages {
            try register(nested, scope: scope + message.name + ".", swiftScope: swiftName + ".", file: file)
        }
        for nested in message.nestedEnums {
            try register(nested, scope: scope + message.name + ".", swiftScope: swiftName + ".", file: file)
        }
    }

    private mutating func register(_ enumeration: EnumDescriptor, scope: String, swiftScope: String, file: String) throws {
        try add(DeclaredType(
            kind: .enumeration(enumeration), fullName: scope + enumeration.name,
            swiftName: swiftScope + enumeration.name, file: file))
    }

    private mutating func add(_ type: DeclaredType) throws {
        let simpleName = String(type.swiftName.split(separator: ".").last ?? "")
        if Self.reservedTypeNames.contains(simpleName) {
            throw GeneratorError("\(type.fullName): the name \(simpleName) would shadow a Swift type the generated code uses; rename it")
        }
        if let clash = types.values.first(where: { $0.swiftName == type.swiftName }) {
            throw GeneratorError("\(type.fullName) and \(clash.fullName) would both be the Swift type \(type.swiftName)")
        }
        types[type.fullName] = type
        order.append(type.fullName)
    }
}
