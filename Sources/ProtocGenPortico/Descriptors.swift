/// The parts of protoc's descriptors the generator reads, as plain Swift values: built once
/// from the C structs protobuf-c unpacked (see `CodeGeneratorRequestReader`).
struct CodeGeneratorRequest {
    /// The files named on protoc's command line, in order.
    var filesToGenerate: [String]
    /// Every file protoc parsed, dependencies first.
    var protoFiles: [ProtoFile]
}

struct ProtoFile {
    var name: String
    var package: String
    var syntax: String
    var dependencies: [String]
    var messages: [MessageDescriptor]
    var enums: [EnumDescriptor]
    var services: [ServiceDescriptor]
    var extensionCount: Int
}

struct MessageDescriptor {
    var name: String
    var fields: [FieldDescriptor]
    var nestedMessages: [MessageDescriptor]
    var nestedEnums: [EnumDescriptor]
    var oneofNames: [String]
    var extensionCount: Int
    var isMapEntry: Bool
    var comment: String
}

struct FieldDescriptor {
    enum Label: Int32 {
        case optional = 1
        case required = 2
        case repeated = 3
    }

    /// protobuf's field types, with their numbers from descriptor.proto.
    enum FieldType: Int32 {
        case double = 1, float = 2, int64 = 3, uint64 = 4, int32 = 5, fixed64 = 6, fixed32 = 7
        case bool = 8, string = 9, group = 10, message = 11, bytes = 12, uint32 = 13, enumeration = 14
        case sfixed32 = 15, sfixed64 = 16, sint32 = 17, sint64 = 18
    }

    var name: String
    var number: Int32
    var label: Label
    var type: FieldType
    /// Fully qualified with a leading dot (".portico.v1.Principal") for messages and enums.
    var typeName: String
    var oneofIndex: Int32?
    var isProto3Optional: Bool
    var comment: String
}

struct EnumDescriptor {
    struct Value {
        var name: String
        var number: Int32
        var comment: String
    }

    var name: String
    var values: [Value]
    var comment: String
}

struct ServiceDescriptor {
    var name: String
    var methods: [MethodDescriptor]
    var comment: String
}

struct MethodDescriptor {
    /// descriptor.proto's `MethodOptions.IdempotencyLevel`.
    enum Idempotency: Int32 {
        case unknown = 0
        case noSideEffects = 1
        case idempotent = 2
    }

    var name: String
    var inputType: String
    var outputType: String
    var isClientStreaming: Bool
    var isServerStreaming: Bool
    var idempotency: Idempotency
    var comment: String
}

/// A problem with the input that stops generation; protoc prints the message and fails.
struct GeneratorError: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
