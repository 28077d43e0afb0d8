/// Emits a message's bridge to protobuf-c: the public `ProtoMessage` conformance (delegating to
/// `ProtobufCBridge`) and the internal `CBridgedMessage` conformance that copies every field
/// between the Swift struct and the generated C struct.
struct BridgeEmitter {
    var type: DeclaredType
    var fields: [FieldPlan]
    /// The message's string layout, or nil when no string is reachable from it.
    var wireSchema: [String]?

    func emit(into writer: inout SourceWriter) {
        writer.block("extension \(type.swiftName): ProtoMessage") { body in
            body.block("public init(protobufBytes bytes: [UInt8]) throws") { $0.line("self = try ProtobufCBridge.decode(bytes)") }
            body.line()
            body.block("public func protobufBytes() throws -> [UInt8]") { $0.line("try ProtobufCBridge.encode(self)") }
        }
        writer.line()
        writer.block("extension \(type.swiftName): CBridgedMessage") { body in
            body.line("typealias CMessage = \(type.cStruct)")
            body.line()
            body.line("static let protoName = \(type.swiftName.swiftLiteral)")
            let schema = wireSchema ?? ["WireSchema()"]
            body.line("static let wireSchema = \(schema[0])")
            for line in schema.dropFirst() { body.line(line) }
            body.line()
            body.block("static func initializeCMessage(_ cMessage: UnsafeMutablePointer<CMessage>)") {
                $0.line("\(type.cFunctionPrefix)__init(cMessage)")
            }
            body.line()
            body.block("init(cMessage: UnsafePointer<CMessage>) throws") { initBody in
                initBody.line("self.init()")
                guard !fields.isEmpty else { return }
                initBody.line("let c = cMessage.pointee")
                for field in fields {
                    for statement in field.decodeStatements { initBody.line(statement) }
                }
            }
            body.line()
            body.block("func fill(_ cMessage: UnsafeMutablePointer<CMessage>, arena: CArena) throws") { fill in
                for field in fields {
                    for statement in field.encodeStatements { fill.line(statement) }
                }
            }
        }
    }
}
