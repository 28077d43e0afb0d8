/// Why a JSON document is not a policy document: the path at fault (`Statement[1].Effect`,
/// `Statement.Action[2]`, `Version`) and what is wrong there.
public struct PolicyStructureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the document, in JSON-path-like form without a leading `$`; empty for the whole document.
    public var path: String
    public var reason: String
    /// Every problem found (this one first): a document can be wrong in several places.
    public var all: [PolicyStructureProblem]

    public init(problems: [PolicyStructureProblem]) {
        precondition(!problems.isEmpty, "a structure error holds at least one problem")
        path = problems[0].path
        reason = problems[0].reason
        all = problems
    }

    public var description: String {
        path.isEmpty ? reason : "\(path): \(reason)"
    }
}

/// One structural problem of a policy document.
public struct PolicyStructureProblem: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        path.isEmpty ? reason : "\(path): \(reason)"
    }
}
