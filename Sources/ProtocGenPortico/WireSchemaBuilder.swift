/// Builds each message's `WireSchema` literal: where its string fields sit, directly or inside
/// nested messages, map entries and wrappers. A nested message is referred to by its own
/// `wireSchema`; messages with no reachable string get none. (Runs after `MessageGraph` has
/// refused recursive messages, so the recursion here ends.)
struct WireSchemaBuilder {
    private struct Schema {
        var strings: [(number: Int32, label: String)] = []
        var messages: [(number: Int32, schema: String)] = []
        var isEmpty: Bool { strings.isEmpty && messages.isEmpty }
    }

    private let plans: [String: [FieldPlan]]

    init(plans: [String: [FieldPlan]]) {
        self.plans = plans
    }

    /// The `WireSchema(...)` literal for a message, or nil when it holds no string anywhere;
    /// one entry per line when it would not fit on one.
    func expression(for fullName: String) -> [String]? {
        let schema = schema(plans[fullName] ?? [])
        guard !schema.isEmpty else { return nil }
        let oneLine = Self.render(schema)
        guard oneLine.count > 80 else { return [oneLine] }
        var lines = ["WireSchema("]
        if !schema.strings.isEmpty {
            lines.append("    strings: [")
            lines += schema.strings.map { "        \($0.number): \($0.label.swiftLiteral)," }
            lines.append(schema.messages.isEmpty ? "    ]" : "    ],")
        }
        if !schema.messages.isEmpty {
            lines.append("    messages: [")
            lines += schema.messages.map { "        \($0.number): \($0.schema)," }
            lines.append("    ]")
        }
        lines.append(")")
        return lines
    }

    private func holdsStrings(_ type: DeclaredType) -> Bool {
        !schema(plans[type.fullName] ?? []).isEmpty
    }

    private func schema(_ fields: [FieldPlan]) -> Schema {
        var schema = Schema()
        for field in fields {
            let number = field.descriptor.number
            switch field.shape {
            case .singular(.scalar(.string)), .repeated(.scalar(.string)):
                schema.strings.append((number, field.label))
            case .singular(.message(let type)), .repeated(.message(let type)):
                if holdsStrings(type) { schema.messages.append((number, "\(type.swiftName).wireSchema")) }
            case .wrapped(.string, _):
                schema.messages.append((number, Self.render(Schema(strings: [(1, field.label)]))))
            case .map(let key, let value, _):
                var entry = Schema()
                if key == .string { entry.strings.append((1, "\(field.label) (map key)")) }
                switch value {
                case .scalar(.string):
                    entry.strings.append((2, "\(field.label) (map value)"))
                case .message(let type) where holdsStrings(type):
                    entry.messages.append((2, "\(type.swiftName).wireSchema"))
                default:
                    break
                }
                if !entry.isEmpty { schema.messages.append((number, Self.render(entry))) }
            default:
                break
            }
        }
        return schema
    }

    private static func render(_ schema: Schema) -> String {
        var arguments: [String] = []
        if !schema.strings.isEmpty {
            let entries = schema.strings.map { "\($0.number): \($0.label.swiftLiteral)" }
            arguments.append("strings: [\(entries.joined(separator: ", "))]")
        }
        if !schema.messages.isEmpty {
            let entries = schema.messages.map { "\($0.number): \($0.schema)" }
            arguments.append("messages: [\(entries.joined(separator: ", "))]")
        }
        return "WireSchema(\(arguments.joined(separator: ", ")))"
    }
}
