/// One field of a message, resolved: its Swift property, its C member and how values move
/// between the two.
struct FieldPlan {
    /// What one value of the field is.
    enum Value {
        case scalar(Scalar)
        case enumeration(DeclaredType)
        case message(DeclaredType)
    }

    /// How the field holds its values.
    enum Shape {
        /// A proto3 scalar or enum (always present, zero by default) or a message (optional).
        case singular(Value)
        /// A presence wrapper from wrappers.proto: a Swift optional of the scalar.
        case wrapped(Scalar, wrapper: DeclaredType)
        case repeated(Value)
        case map(key: Scalar, value: Value, entry: DeclaredType)
    }

    var descriptor: FieldDescriptor
    /// The Swift property, escaped when it is a keyword.
    var property: String
    /// The member of the protobuf-c struct.
    var cMember: String
    /// `EchoRequest.text`: how errors name the field.
    var label: String
    var shape: Shape

    /// Member names the generated code uses itself.
    static let reservedProperties: Set<String> = [
        "self", "Self", "Type", "Protocol", "init", "protobufBytes", "hashValue", "hash", "wireSchema",
        "protoName", "cDescriptor", "fill", "initializeCMessage",
    ]

    init(_ field: FieldDescriptor, in message: DeclaredType, registry: TypeRegistry) throws {
        let label = "\(message.swiftName).\(field.name)"
        guard !field.isProto3Optional else {
            throw GeneratorError("\(label): proto3 `optional` is not supported by protoc-c 1.4; use a wrapper from wrappers.proto")
        }
        guard field.oneofIndex == nil else {
            throw GeneratorError("\(label): oneof is not supported; use separate message fields (nil when absent)")
        }
        let property = SwiftNaming.propertyName(field.name)
        guard !Self.reservedProperties.contains(SwiftNaming.unescaped(property)) else {
            throw GeneratorError("\(label): the Swift property \(property) is reserved for generated code; rename the field")
        }
        descriptor = field
        self.property = property
        cMember = CNaming.fieldName(field.name)
        self.label = label
        shape = try Self.shape(field, label: label, registry: registry)
    }

    private static func shape(_ field: FieldDescriptor, label: String, registry: TypeRegistry) throws -> Shape {
        let value = try self.value(field, label: label, registry: registry)
        let isRepeated = field.label == .repeated
        switch value {
        case .message(let type) where type.isMapEntry:
            return try mapShape(entry: type, label: label, registry: registry)
        case .message(let type):
            guard let scalar = Scalar.wrapped(byWrapper: type.fullName) else {
                return isRepeated ? .repeated(value) : .singular(value)
            }
            guard !isRepeated else {
                throw GeneratorError("\(label): presence wrappers are for singular fields; use `repeated \(scalar)` instead")
            }
            try checkWrapper(type, carries: scalar)
            return .wrapped(scalar, wrapper: type)
        case .scalar, .enumeration:
            return isRepeated ? .repeated(value) : .singular(value)
        }
    }

    private static func value(_ field: FieldDescriptor, label: String, registry: TypeRegistry) throws -> Value {
        if let scalar = Scalar(field.type) { return .scalar(scalar) }
        switch field.type {
        case .message:
            let type = try registry.resolve(field.typeName, usedBy: label)
            guard type.message != nil else { throw GeneratorError("\(label): \(type.fullName) is not a message") }
            return .message(type)
        case .enumeration:
            let type = try registry.resolve(field.typeName, usedBy: label)
            guard type.message == nil else { throw GeneratorError("\(label): \(type.fullName) is not an enum") }
            return .enumeration(type)
        default:
            throw GeneratorError("\(label): groups are not supported")
        }
    }

    private static func mapShape(entry: DeclaredType, label: String, registry: TypeRegistry) throws -> Shape {
        let fields = entry.message?.fields ?? []
        guard let keyField = fields.first(where: { $0.number == 1 }),
            let valueField = fields.first(where: { $0.number == 2 })
        else { throw GeneratorError("\(label): map entry \(entry.fullName) lacks key or value") }
        guard let key = Scalar(keyField.type), key.isSortableMapKey else {
            throw GeneratorError("\(label): map keys must be strings or integers")
        }
        let value = try self.value(valueField, label: label, registry: registry)
        if case .message(let type) = value, type.isMapEntry || Scalar.wrapped(byWrapper: type.fullName) != nil {
            throw GeneratorError("\(label): map values may not be presence wrappers")
        }
        return .map(key: key, value: value, entry: entry)
    }

    /// A wrapper must be exactly `<scalar> value = 1;`.
    private static func checkWrapper(_ wrapper: DeclaredType, carries scalar: Scalar) throws {
        let fields = wrapper.message?.fields ?? []
        guard fields.count == 1, let field = fields.first, field.name == "value", field.number == 1,
            Scalar(field.type) == scalar, field.label != .repeated
        else {
            throw GeneratorError("\(wrapper.fullName) must declare exactly `\(scalar) value = 1;` to be a presence wrapper")
        }
    }

    /// The Swift type of the property.
    var swiftType: String {
        switch shape {
        case .singular(.message(let type)): "\(type.swiftName)?"
        case .singular(let value): value.swiftType
        case .wrapped(let scalar, _): "\(scalar.swiftType)?"
        case .repeated(let value): "[\(value.swiftType)]"
        case .map(let key, let value, _): "[\(key.swiftType): \(value.swiftType)]"
        }
    }

    /// The property's default: proto3's zero value, nil for messages and wrappers.
    var defaultValue: String {
        switch shape {
        case .singular(.scalar(let scalar)): scalar.defaultValue
        case .singular(.enumeration(let type)): ".\(Self.firstCase(of: type))"
        case .singular(.message), .wrapped: "nil"
        case .repeated: "[]"
        case .map: "[:]"
        }
    }

    static func firstCase(of type: DeclaredType) -> String {
        guard case .enumeration(let enumeration) = type.kind else { return "init(rawValue: 0)" }
        return SwiftNaming.caseNames(enumName: enumeration.name, valueNames: enumeration.values.map(\.name)).first
            ?? "init(rawValue: 0)"
    }
}

extension FieldPlan.Value {
    var swiftType: String {
        switch self {
        case .scalar(let scalar): scalar.swiftType
        case .enumeration(let type), .message(let type): type.swiftName
        }
    }
}
