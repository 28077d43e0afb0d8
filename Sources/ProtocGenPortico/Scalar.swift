/// protobuf's scalar value types and how each is held in Swift and in protobuf-c's C struct.
enum Scalar: Equatable {
    case int32, sint32, sfixed32, int64, sint64, sfixed64
    case uint32, fixed32, uint64, fixed64
    case float, double, bool, string, bytes

    init?(_ type: FieldDescriptor.FieldType) {
        switch type {
        case .int32: self = .int32
        case .sint32: self = .sint32
        case .sfixed32: self = .sfixed32
        case .int64: self = .int64
        case .sint64: self = .sint64
        case .sfixed64: self = .sfixed64
        case .uint32: self = .uint32
        case .fixed32: self = .fixed32
        case .uint64: self = .uint64
        case .fixed64: self = .fixed64
        case .float: self = .float
        case .double: self = .double
        case .bool: self = .bool
        case .string: self = .string
        case .bytes: self = .bytes
        case .group, .message, .enumeration: return nil
        }
    }

    var swiftType: String {
        switch self {
        case .int32, .sint32, .sfixed32: "Int32"
        case .int64, .sint64, .sfixed64: "Int64"
        case .uint32, .fixed32: "UInt32"
        case .uint64, .fixed64: "UInt64"
        case .float: "Float"
        case .double: "Double"
        case .bool: "Bool"
        case .string: "String"
        case .bytes: "[UInt8]"
        }
    }

    var defaultValue: String {
        switch self {
        case .bool: "false"
        case .string: "\"\""
        case .bytes: "[]"
        default: "0"
        }
    }

    /// True when protobuf-c's C type is the Swift type (the integers and floating point).
    var isNumeric: Bool {
        switch self {
        case .bool, .string, .bytes: false
        default: true
        }
    }

    /// Map keys must sort (for a deterministic encoding): integers and strings.
    var isSortableMapKey: Bool {
        switch self {
        case .float, .double, .bool, .bytes: false
        default: true
        }
    }

    /// The scalar a presence wrapper in wrappers.proto carries, by the wrapper's full name.
    static func wrapped(byWrapper fullName: String) -> Scalar? {
        switch fullName {
        case "portico.v1.StringValue": .string
        case "portico.v1.BytesValue": .bytes
        case "portico.v1.BoolValue": .bool
        case "portico.v1.Int32Value": .int32
        case "portico.v1.Int64Value": .int64
        case "portico.v1.UInt32Value": .uint32
        case "portico.v1.UInt64Value": .uint64
        case "portico.v1.DoubleValue": .double
        default: nil
        }
    }
}
