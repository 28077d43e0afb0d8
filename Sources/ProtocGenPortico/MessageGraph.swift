/// Which messages contain which: used to refuse recursive messages. protobuf-c unpacks nested
/// messages by recursion with no depth limit, so a recursive type would let a small hostile
/// message exhaust the stack; the bridge's wire schemas assume a finite nesting too.
struct MessageGraph {
    private var edges: [String: [String]] = [:]
    private let order: [String]

    init(plans: [String: [FieldPlan]], order: [String]) {
        self.order = order
        for (fullName, fields) in plans {
            edges[fullName] = fields.compactMap { field in
                switch field.shape {
                case .singular(.message(let type)), .repeated(.message(let type)): type.fullName
                case .map(_, let value, let entry):
                    if case .message(let type) = value { type.fullName } else { entry.fullName }
                case .wrapped(_, let wrapper): wrapper.fullName
                default: nil
                }
            }
        }
    }

    func checkAcyclic() throws {
        var finished: Set<String> = []
        for start in order where edges[start] != nil {
            var onPath: [String] = []
            try visit(start, &onPath, &finished)
        }
    }

    private func visit(_ node: String, _ onPath: inout [String], _ finished: inout Set<String>) throws {
        if finished.contains(node) { return }
        if let index = onPath.firstIndex(of: node) {
            let cycle = (onPath[index...] + [node]).joined(separator: " → ")
            throw GeneratorError("recursive messages are not supported (\(cycle)): protobuf-c would recurse without bound")
        }
        onPath.append(node)
        for next in edges[node] ?? [] { try visit(next, &onPath, &finished) }
        onPath.removeLast()
        finished.insert(node)
    }
}
