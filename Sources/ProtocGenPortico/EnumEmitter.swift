/// Emits a proto enum as a Swift enum: one case per value (aliases become static lets) and
/// `unrecognized(Int32)` for numbers this version does not know, which proto3 keeps.
struct EnumEmitter {
    var type: DeclaredType
    var enumeration: EnumDescriptor
    var file: String

    func emit(into writer: inout SourceWriter) throws {
        let simpleName = String(type.swiftName.split(separator: ".").last ?? "")
        let parent = type.swiftName.split(separator: ".").dropLast().joined(separator: ".")
        guard enumeration.values.first?.number == 0 else {
            throw GeneratorError("\(type.fullName): the first value must be 0 (proto3)")
        }
        if parent.isEmpty {
            emitEnum(simpleName, into: &writer)
        } else {
            writer.block("extension \(parent)") { emitEnum(simpleName, into: &$0) }
        }
    }

    private func emitEnum(_ name: String, into writer: inout SourceWriter) {
        let caseNames = SwiftNaming.caseNames(enumName: enumeration.name, valueNames: enumeration.values.map(\.name))
        var primary: [(name: String, value: EnumDescriptor.Value)] = []
        var aliases: [(name: String, target: String, value: EnumDescriptor.Value)] = []
        for (caseName, value) in zip(caseNames, enumeration.values) {
            if let first = primary.first(where: { $0.value.number == value.number }) {
                aliases.append((caseName, first.name, value))
            } else {
                primary.append((caseName, value))
            }
        }

        writer.docComment(enumeration.comment, fallback: "The `\(type.fullName)` enum of \(file).")
        writer.block("public enum \(name): Sendable, Hashable, RawRepresentable") { body in
            for (caseName, value) in primary {
                body.docComment(value.comment, fallback: "`\(value.name)` (\(value.number)).")
                body.line("case \(caseName)")
            }
            body.line("/// A number this version of the contract does not know, kept as received.")
            body.line("case unrecognized(Int32)")
            for (aliasName, target, value) in aliases {
                body.line()
                body.docComment(value.comment, fallback: "`\(value.name)`, an alias of `\(target)`.")
                body.line("public static let \(aliasName): \(name) = .\(target)")
            }
            body.line()
            body.block("public init(rawValue: Int32)") { initBody in
                initBody.line("switch rawValue {")
                for (caseName, value) in primary { initBody.line("case \(value.number): self = .\(caseName)") }
                initBody.line("default: self = .unrecognized(rawValue)")
                initBody.line("}")
            }
            body.line()
            body.line("/// The number on the wire.")
            body.block("public var rawValue: Int32") { property in
                property.line("switch self {")
                for (caseName, value) in primary { property.line("case .\(caseName): \(value.number)") }
                property.line("case .unrecognized(let value): value")
                property.line("}")
            }
            body.line()
            body.line("/// Equal when the numbers are: `.unrecognized(n)` equals the known case numbered n.")
            body.block("public static func == (lhs: \(name), rhs: \(name)) -> Bool") { $0.line("lhs.rawValue == rhs.rawValue") }
            body.line()
            body.block("public func hash(into hasher: inout Hasher)") { $0.line("hasher.combine(rawValue)") }
        }
    }
}
