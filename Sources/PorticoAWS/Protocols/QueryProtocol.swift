import PorticoCore

/// The parameters of a query-protocol call (IAM, STS, SNS, SQS, SES), flattened the way those
/// APIs name them: `RoleName`, `Tags.member.1.Key`, `Attribute.1.Name`, …
struct QueryParameters: Sendable {
    private(set) var items: [QueryItem] = []

    mutating func set(_ name: String, _ value: String?) {
        if let value { items.append(QueryItem(name, value)) }
    }

    mutating func set(_ name: String, _ value: Int?) {
        if let value { items.append(QueryItem(name, String(value))) }
    }

    mutating func set(_ name: String, _ value: Bool?) {
        if let value { items.append(QueryItem(name, value ? "true" : "false")) }
    }

    /// `name.member.1`, `name.member.2`, … (the IAM/STS/SNS list form).
    mutating func setList(_ name: String, _ values: [String]) {
        for (index, value) in values.enumerated() { items.append(QueryItem("\(name).member.\(index + 1)", value)) }
    }

    /// `name.member.N.Key` / `name.member.N.Value`.
    mutating func setTags(_ name: String, _ tags: [AWSTag]) {
        for (index, tag) in tags.enumerated() {
            items.append(QueryItem("\(name).member.\(index + 1).Key", tag.key))
            items.append(QueryItem("\(name).member.\(index + 1).Value", tag.value))
        }
    }

    /// The flattened map form: `prefix.N.keyName` / `prefix.N.valueName`, keys in sorted order.
    mutating func setMap(_ prefix: String, _ map: [String: String], keyName: String, valueName: String) {
        for (index, key) in map.keys.sorted().enumerated() {
            items.append(QueryItem("\(prefix).\(index + 1).\(keyName)", key))
            items.append(QueryItem("\(prefix).\(index + 1).\(valueName)", map[key] ?? ""))
        }
    }

    /// The form body: `name=value&…`, form-encoded (RFC 3986 escapes, a space as `+`).
    func formBody(action: String, version: String) -> [UInt8] {
        let all = [QueryItem("Action", action), QueryItem("Version", version)] + items
        let text = all.map { "\(PercentEncoding.formEncode($0.name))=\(PercentEncoding.formEncode($0.value))" }
            .joined(separator: "&")
        return Array(text.utf8)
    }
}

/// Calls in the AWS query protocol: a form-encoded POST with `Action` and `Version`, answered by
/// `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…` in XML.
enum QueryProtocol {
    /// Sends `action` and returns the `<ActionResult>` element (or the whole response element
    /// for actions that return nothing).
    static func call(
        _ client: AWSClient, service: AWSService, action: String, parameters: QueryParameters = QueryParameters(),
        path: String = "/", signed: Bool = true
    ) async throws -> XMLTree {
        let request = AWSRequest(
            operation: action, method: "POST", path: path,
            headers: [HeaderField("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: parameters.formBody(action: action, version: service.apiVersion))
        let response = try await client.send(request, service: service, signed: signed)
        let root = try XMLTree.parse(response.body)
        return root.child("\(action)Result") ?? root
    }
}
