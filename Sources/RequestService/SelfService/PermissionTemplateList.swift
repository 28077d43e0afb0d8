/// ConsoleMe's `GET /api/v2/permission_templates` answer:
/// `{"permission_templates": [{"key", "text", "value": "<policy JSON text>"}]}`.
struct PermissionTemplateList: Encodable, Sendable {
    struct Entry: Encodable, Sendable {
        var key: String
        var text: String
        var value: String
    }

    var permissionTemplates: [Entry]

    enum CodingKeys: String, CodingKey {
        case permissionTemplates = "permission_templates"
    }
}
