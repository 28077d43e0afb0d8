/// Emits the public Swift struct of a message: stored properties with proto3 defaults and a
/// memberwise init whose every parameter has its default.
struct MessageEmitter {
    var type: DeclaredType
    var message: MessageDescriptor
    var fields: [FieldPlan]
    var file: String

    func emit(into writer: inout SourceWriter) {
        let simpleName = String(type.swiftName.split(separator: ".").last ?? "")
        let parent = type.swiftName.split(separator: ".").dropLast().joined(separator: ".")
        if parent.isEmpty {
            emitStruct(simpleName, into: &writer)
        } else {
            writer.block("extension \(parent)") { emitStruct(simpleName, into: &$0) }
        }
    }

    private func emitStruct(_ name: String, into writer: inout SourceWriter) {
        writer.docComment(message.comment, fallback: "The `\(type.fullName)` message of \(file).")
        writer.block("public struct \(name): Sendable, Hashable") { body in
            for field in fields {
                body.docComment(field.descriptor.comment, fallback: "`\(field.descriptor.name)` (field \(field.descriptor.number)).")
                body.line("public var \(field.property): \(field.swiftType)")
            }
            if !fields.isEmpty { body.line() }
            let parameters = fields.map { "\($0.property): \($0.swiftType) = \($0.defaultValue)" }
            body.line("/// A message with the given fields; the others hold proto3's zero value (nil when absent).")
            if parameters.isEmpty {
                body.line("public init() {}")
            } else {
                body.line("public init(")
                for (index, parameter) in parameters.enumerated() {
                    body.line("    \(parameter)\(index == parameters.count - 1 ? "" : ",")")
                }
                body.block(")") { initBody in
                    for field in fields { initBody.line("self.\(field.property) = \(field.property)") }
                }
            }
        }
    }
}
