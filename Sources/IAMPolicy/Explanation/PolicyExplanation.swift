/// Plain-English summaries of a policy, one per statement, built from the catalog's access
/// levels: the wizard's live preview and what a reviewer reads on a request.
public struct PolicyExplanation: Sendable {
    public var catalog: IAMCatalog

    public init(catalog: IAMCatalog = .bundled) {
        self.catalog = catalog
    }

    /// One sentence per statement, in order.
    public func summaries(of document: PolicyDocument) -> [String] {
        document.statements.map(summary)
    }

    /// "Allows read and list (8 s3 actions) on bucket `app-logs` and objects under `logs/` in bucket `app-logs`."
    public func summary(of statement: PolicyStatement) -> String {
        let verb = statement.effect == .allow ? "Allows" : "Denies"
        var text: String
        if let notAction = statement.notAction {
            text = "\(verb) every action except \(notAction.map { "`\($0)`" }.joined(separator: ", "))"
        } else {
            text = "\(verb) \(actionPhrase(statement.action ?? []))"
        }
        if let resources = statement.resource {
            text += " on " + resourcePhrase(resources)
        } else if let notResources = statement.notResource {
            text += " on every resource except " + notResources.map { "`\($0)`" }.joined(separator: ", ")
        }
        if let condition = statement.condition {
            let clauses = condition.keys.map { entry in
                let values = (condition.operators[entry.operator]?[entry.key] ?? []).map { $0.stringValue ?? CanonicalJSON.text($0) }
                return "\(entry.key) \(entry.operator) \(values.map { "`\($0)`" }.joined(separator: " or "))"
            }
            text += " when " + clauses.joined(separator: " and ")
        }
        return text + "."
    }

    func actionPhrase(_ entries: [String]) -> String {
        if entries.contains("*") { return "every action of every service" }
        var levelsByService: [String: Set<IAMAccessLevel>] = [:]
        var countByService: [String: Int] = [:]
        var unknown: [String] = []
        for entry in entries {
            let actions = catalog.actions(matching: entry)
            if actions.isEmpty { unknown.append(entry); continue }
            for action in actions {
                levelsByService[action.service, default: []].insert(action.accessLevel)
                countByService[action.service, default: 0] += 1
            }
        }
        var parts = levelsByService.keys.sorted().map { service -> String in
            let verbs = levelsByService[service]!.sorted().map(\.verb)
            let count = countByService[service]!
            return "\(Self.joined(verbs)) (\(count) \(service) action\(count == 1 ? "" : "s"))"
        }
        if !unknown.isEmpty { parts.append("unknown actions " + unknown.map { "`\($0)`" }.joined(separator: ", ")) }
        return Self.joined(parts)
    }

    func resourcePhrase(_ resources: [String]) -> String {
        if resources.contains("*") { return "any resource" }
        let phrases = resources.map { arn -> String in
            guard arn.hasPrefix("arn:aws:s3:::") else { return Self.describe(arn) }
            let path = arn.dropFirst("arn:aws:s3:::".count)
            guard let slash = path.firstIndex(of: "/") else { return "bucket `\(path)`" }
            let bucket = path[..<slash], key = path[path.index(after: slash)...]
            let under = key.hasSuffix("*") ? String(key.dropLast()) : String(key)
            return under.isEmpty ? "every object in bucket `\(bucket)`" : "objects under `\(under)` in bucket `\(bucket)`"
        }
        return Self.joined(phrases)
    }

    static func describe(_ arn: String) -> String {
        let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn" else { return "`\(arn)`" }
        let (service, region, account, resource) = (fields[2], fields[3], fields[4], fields[5])
        let place = [account.isEmpty ? nil : "account \(account)", region.isEmpty ? nil : "\(region)"]
            .compactMap { $0 }.joined(separator: ", ")
        let kind: String = switch service {
        case "sqs": "queue"
        case "sns": "topic"
        case "iam" where resource.hasPrefix("role/"): "role"
        default: "\(service) resource"
        }
        let name = service == "iam" ? String(resource.split(separator: "/").last ?? resource) : String(resource)
        return "\(kind) `\(name)`" + (place.isEmpty ? "" : " (\(place))")
    }

    static func joined(_ parts: [String]) -> String {
        switch parts.count {
        case 0: ""
        case 1: parts[0]
        default: parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
    }
}
