/// What `portico-server audit search` asks of the archive: events of a user, about a role,
/// since a time (every criterion given must hold).
public struct AuditQuery: Sendable {
    /// Matches the `user` or `actor` field.
    public var user: String?
    /// Matches the `role` or `requested_role` field (a full ARN or the role's name).
    public var role: String?
    /// Unix milliseconds; events recorded at or after it.
    public var since: Int64?

    public init(user: String? = nil, role: String? = nil, since: Int64? = nil) {
        self.user = user
        self.role = role
        self.since = since
    }

    public func matches(_ event: ChainedAuditEvent) -> Bool {
        if let since, event.at < since { return false }
        if let user, event.value("user") != user, event.value("actor") != user { return false }
        if let role {
            let roles = [event.value("role"), event.value("requested_role")].compactMap { $0 }
            guard roles.contains(where: { $0 == role || $0.hasSuffix(":role/" + role) || $0.hasSuffix("/" + role) }) else {
                return false
            }
        }
        return true
    }
}

/// Answers an `AuditQuery` from the archive of one stream, oldest first; objects wholly older
/// than `since` (the next object starts before it) are not read.
public struct AuditSearch: Sendable {
    public let archive: AuditArchive

    public init(archive: AuditArchive) { self.archive = archive }

    public func events(stream: String, matching query: AuditQuery) async throws -> [ChainedAuditEvent] {
        let objects = try await archive.objects(stream: stream)
        var found: [ChainedAuditEvent] = []
        for (index, object) in objects.enumerated() {
            if let since = query.since, index + 1 < objects.count, objects[index + 1].firstAt < since { continue }
            for line in try await archive.lines(of: object) {
                if case .event(let event) = line, query.matches(event) { found.append(event) }
            }
        }
        return found
    }
}
