import PorticoCore

/// The one statement Portico adds to a resource or trust policy, put into (or taken out of) the
/// document as AWS holds it now: statements of other Sids are never touched, and putting the same
/// statement twice leaves one (so a retried apply does not add a second).
enum ResourcePolicyMerge {
    static func putting(_ statement: JSONValue, into current: JSONValue) -> JSONValue {
        let sid = statement["Sid"]?.stringValue
        var document = current.objectValue ?? DocumentHash.emptyPolicy.objectValue!
        var statements = PolicyDocumentCheck.asList(document["Statement"]).filter { $0["Sid"]?.stringValue != sid || sid == nil }
        statements.append(statement)
        document["Statement"] = .array(statements)
        if document["Version"] == nil { document["Version"] = "2012-10-17" }
        return .object(document)
    }

    static func removing(sid: String, from current: JSONValue) -> JSONValue {
        var document = current.objectValue ?? DocumentHash.emptyPolicy.objectValue!
        document["Statement"] = .array(PolicyDocumentCheck.asList(document["Statement"]).filter { $0["Sid"]?.stringValue != sid })
        return .object(document)
    }

    /// The statement with `sid` in `document`.
    static func statement(sid: String, in document: JSONValue) -> JSONValue? {
        PolicyDocumentCheck.asList(document["Statement"]).first { $0["Sid"]?.stringValue == sid }
    }
}
