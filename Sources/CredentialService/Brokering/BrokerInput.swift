/// Bounds on what callers hand the broker, so a malformed request is refused with a clear
/// `invalidRequest` before any lookup or AWS call.
enum BrokerInput {
    static let maxUserLength = 256
    static let maxRoleLength = 2048
    static let maxRequestIDLength = 128
    static let maxGroups = 5000
    static let maxGroupLength = 256

    static func check(principal: Principal, requestedRole: String, requestID: String) throws(CredentialBrokerError) {
        try text(principal.user, "user", max: maxUserLength)
        try text(requestedRole.trimmingWhitespace(), "requested_role", max: maxRoleLength)
        try text(requestID, "request id", max: maxRequestIDLength)
        guard principal.groups.count <= maxGroups else {
            throw .invalidRequest("more than \(maxGroups) groups")
        }
        for group in principal.groups { try text(group, "group", max: maxGroupLength) }
        if let client = principal.clientName { try text(client, "client name", max: maxUserLength) }
    }

    private static func text(_ value: String, _ name: String, max: Int) throws(CredentialBrokerError) {
        guard !value.isEmpty else { throw .invalidRequest("\(name) is empty") }
        guard value.utf8.count <= max else { throw .invalidRequest("\(name) is longer than \(max) bytes") }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            throw .invalidRequest("\(name) contains control characters")
        }
    }
}
