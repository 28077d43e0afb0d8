/// What changing one policy document into another does to what it allows, as a reviewer reads
/// it: the `action resource` pairs the new document allows that the old one did not
/// (`newlyAllowed`), and those the old one allowed that the new one no longer does
/// (`noLongerAllowed`). A missing document allows nothing (a new policy, a detached one).
///
/// Action entries are expanded against the IAM catalog (`s3:Get*` → every `s3:Get…` action;
/// an entry the catalog does not know stays as written). Resources are compared as IAM patterns:
/// a pair counts as allowed when an Allow statement's action and resource patterns match it and
/// no unconditional Deny of the same document does, so narrowing `bucket/*` to `bucket/logs/*`
/// allows nothing new. Conditions are not evaluated: a conditional Allow counts as allowing, a
/// conditional Deny as not denying. A run of pairs covering every action of a service on one
/// resource is written `service:* resource`.
public struct PolicyEffectDiff: Sendable, Hashable {
    public var newlyAllowed: [String]
    public var noLongerAllowed: [String]

    public init(before: PolicyDocument?, after: PolicyDocument?, catalog: IAMCatalog = .bundled) {
        let old = before.map { PolicyGrants($0, catalog: catalog) }
        let new = after.map { PolicyGrants($0, catalog: catalog) }
        let added = (new?.pairs ?? []).filter { !(old?.allows($0) ?? false) }
        let removed = (old?.pairs ?? []).filter { !(new?.allows($0) ?? false) }
        newlyAllowed = PolicyGrants.summarized(added, catalog: catalog)
        noLongerAllowed = PolicyGrants.summarized(removed, catalog: catalog)
    }
}

/// One action on one resource (`s3:GetObject` on `arn:aws:s3:::bucket/*`).
struct ActionResource: Hashable, Comparable {
    let action: String
    let resource: String

    static func < (lhs: ActionResource, rhs: ActionResource) -> Bool {
        (lhs.resource, lhs.action.lowercased()) < (rhs.resource, rhs.action.lowercased())
    }
}

/// The pairs one document allows, and the question whether it allows a given pair.
struct PolicyGrants {
    let statements: [PolicyStatement]
    let pairs: Set<ActionResource>

    init(_ document: PolicyDocument, catalog: IAMCatalog) {
        statements = document.statements
        var pairs: Set<ActionResource> = []
        for statement in document.statements where statement.effect == .allow {
            let actions = Self.actions(of: statement, catalog: catalog)
            let resources = Self.resources(of: statement)
            for action in actions {
                for resource in resources { pairs.insert(ActionResource(action: action, resource: resource)) }
            }
        }
        let statements = statements
        self.pairs = pairs.filter { !Self.denied($0, by: statements) }
    }

    /// Whether the document allows `pair` (an Allow matches it and no unconditional Deny does).
    func allows(_ pair: ActionResource) -> Bool {
        let allowed = statements.contains { statement in
            statement.effect == .allow && Self.matchesAction(statement, pair.action) && Self.matchesResource(statement, pair.resource)
        }
        return allowed && !Self.denied(pair, by: statements)
    }

    static func denied(_ pair: ActionResource, by statements: [PolicyStatement]) -> Bool {
        statements.contains { statement in
            statement.effect == .deny && statement.condition == nil
                && matchesAction(statement, pair.action) && matchesResource(statement, pair.resource)
        }
    }

    /// The catalog's actions an Allow statement names (`NotAction`: every catalog action but those).
    static func actions(of statement: PolicyStatement, catalog: IAMCatalog) -> [String] {
        if let excluded = statement.notAction {
            let globs = excluded.map { Glob($0, caseInsensitive: true) }
            return catalog.services.values.flatMap { service in
                service.actions.values.map(\.fullName).filter { name in !globs.contains { $0.matches(name) } }
            }
        }
        return (statement.action ?? []).flatMap { entry -> [String] in
            let known = catalog.actions(matching: entry)
            return known.isEmpty ? [entry] : known.map(\.fullName)
        }
    }

    /// The resources an Allow statement names; `NotResource` is kept as one literal entry.
    static func resources(of statement: PolicyStatement) -> [String] {
        if let excluded = statement.notResource { return ["NotResource " + excluded.joined(separator: ",")] }
        return statement.resource ?? []
    }

    static func matchesAction(_ statement: PolicyStatement, _ action: String) -> Bool {
        if let excluded = statement.notAction { return !excluded.contains { Glob($0, caseInsensitive: true).matches(action) } }
        return (statement.action ?? []).contains { Glob($0, caseInsensitive: true).matches(action) }
    }

    /// A resource pattern covers another when it matches it as text (`b/*` covers `b/logs/*`).
    static func matchesResource(_ statement: PolicyStatement, _ resource: String) -> Bool {
        if let excluded = statement.notResource {
            if resource.hasPrefix("NotResource ") { return resource == "NotResource " + excluded.joined(separator: ",") }
            return !excluded.contains { Glob($0).matches(resource) }
        }
        return (statement.resource ?? []).contains { Glob($0).matches(resource) }
    }

    /// `action resource` lines, sorted by resource then action, with every action of a service
    /// on one resource written `service:*` (and every action of every service `*`).
    static func summarized(_ pairs: some Collection<ActionResource>, catalog: IAMCatalog) -> [String] {
        var byResource: [String: Set<String>] = [:]
        for pair in pairs { byResource[pair.resource, default: []].insert(pair.action) }
        var lines: [String] = []
        for resource in byResource.keys.sorted() {
            let actions = byResource[resource] ?? []
            var byService: [String: [String]] = [:]
            for action in actions {
                let service = action.split(separator: ":", maxSplits: 1).first.map { String($0).lowercased() } ?? action
                byService[service, default: []].append(action)
            }
            let whole = byService.filter { service, names in
                guard let known = catalog.service(service) else { return false }
                return names.count >= known.actions.count && known.actions.count > 1
            }
            if whole.count == catalog.services.count, !catalog.services.isEmpty {
                lines.append("* \(resource)")
                continue
            }
            for service in byService.keys.sorted() {
                if let known = catalog.service(service), whole[service] != nil {
                    lines.append("\(known.prefix):* \(resource)")
                } else {
                    lines += (byService[service] ?? []).sorted { $0.lowercased() < $1.lowercased() }.map { "\($0) \(resource)" }
                }
            }
        }
        return lines
    }
}
