/// Checks an identity policy for mistakes and risks (the checks of `POST /api/v2/policies/check`):
/// unknown services and actions with "did you mean", patterns matching nothing, Allow with
/// NotAction/NotResource, `*` actions or resources, privilege-escalation actions, condition
/// keys foreign to the actions' services, and IAM's size limit.
public struct PolicyChecker: Sendable {
    public var catalog: IAMCatalog
    /// IAM's inline role policy limit in characters.
    public static let inlineSizeLimit = 10_240

    public init(catalog: IAMCatalog = .bundled) {
        self.catalog = catalog
    }

    /// Actions that let a holder grant themselves more (on `*` or any resource).
    static let escalation: [String] = [
        "iam:passrole", "iam:createpolicyversion", "iam:setdefaultpolicyversion", "iam:attachrolepolicy",
        "iam:attachuserpolicy", "iam:attachgrouppolicy", "iam:putrolepolicy", "iam:putuserpolicy", "iam:putgrouppolicy",
        "iam:createaccesskey", "iam:updateassumerolepolicy", "iam:createloginprofile", "iam:updateloginprofile",
        "sts:assumerole", "iam:addusertogroup",
    ]

    public func check(_ text: String) -> [PolicyFinding] {
        let document: PolicyDocument
        do {
            document = try PolicyDocument(parsing: text)
        } catch {
            switch error {
            case .syntax(let error):
                return [finding("MALFORMED_JSON", "", .error, "Not JSON", error.reason)]
            case .structure(let error):
                return error.all.map { finding("MALFORMED_POLICY", $0.path, .error, "Malformed policy", $0.reason) }
            }
        }
        var findings = check(document)
        if text.count > Self.inlineSizeLimit {
            findings.append(finding("POLICY_TOO_LARGE", "", .error, "Too large",
                                    "\(text.count) characters; an inline role policy may have at most \(Self.inlineSizeLimit)"))
        }
        return findings
    }

    public func check(_ document: PolicyDocument) -> [PolicyFinding] {
        var findings: [PolicyFinding] = []
        for (index, statement) in document.statements.enumerated() {
            let at = "Statement[\(index)]"
            if statement.effect == .allow, statement.notAction != nil {
                findings.append(finding("NOTACTION_WITH_ALLOW", "\(at).NotAction", .warning, "Allow with NotAction",
                                        "grants every action but those listed, including ones AWS adds later"))
            }
            if statement.effect == .allow, statement.notResource != nil {
                findings.append(finding("NOTRESOURCE_WITH_ALLOW", "\(at).NotResource", .warning, "Allow with NotResource",
                                        "grants on every resource but those listed"))
            }
            if statement.resource == nil, statement.notResource == nil {
                findings.append(finding("RESOURCE_MISSING", "\(at).Resource", .error, "No Resource",
                                        "an identity policy statement needs Resource or NotResource"))
            }
            var granted: [IAMAction] = []
            for (number, entry) in (statement.action ?? []).enumerated() {
                let path = "\(at).Action[\(number)]"
                if entry == "*" {
                    findings.append(finding("STAR_ACTION", path, statement.effect == .allow ? .securityWarning : .suggestion,
                                            "Every action", "`*` grants every action of every service"))
                    continue
                }
                let actions = catalog.actions(matching: entry)
                if actions.isEmpty {
                    let known = IAMCatalog.split(entry).flatMap { catalog.service($0.0) } != nil
                    let hint = catalog.suggestions(for: entry)
                    let meant = hint.isEmpty ? "" : "; did you mean \(hint.joined(separator: ", "))?"
                    findings.append(known
                        ? finding("UNKNOWN_ACTION", path, .error, "Unknown action", "\(entry) matches no action\(meant)")
                        : finding("UNKNOWN_SERVICE", path, .error, "Unknown service", "\(entry) names no AWS service\(meant)"))
                }
                granted += actions
            }
            if statement.effect == .allow {
                let resources = statement.resource ?? []
                if resources.contains("*"), granted.contains(where: { $0.accessLevel != .list && !$0.resourceTypes.isEmpty }) {
                    findings.append(finding("STAR_RESOURCE", "\(at).Resource", .warning, "Every resource",
                                            "`*` grants on every resource of the actions' types"))
                }
                let names = Set(granted.map { $0.fullName.lowercased() })
                for risky in Self.escalation where names.contains(risky) && (resources.contains("*") || risky != "sts:assumerole") {
                    if risky == "iam:passrole" || risky == "sts:assumerole", !resources.contains("*") { continue }
                    findings.append(finding("PRIVILEGE_ESCALATION", "\(at).Action", .securityWarning, "Privilege escalation",
                                            "\(risky) lets the holder gain permissions it was not granted"))
                }
            }
            if let condition = statement.condition {
                let services = Set(granted.map { $0.service.lowercased() })
                for entry in condition.keys {
                    let prefix = entry.key.split(separator: ":").first.map { $0.lowercased() } ?? ""
                    guard prefix != "aws", !services.isEmpty, !services.contains(prefix) else { continue }
                    findings.append(finding("UNKNOWN_CONDITION_FOR_ACTION", "\(at).Condition.\(entry.operator).\(entry.key)",
                                            .warning, "Condition key of another service",
                                            "\(entry.key) does not apply to \(services.sorted().joined(separator: ", ")) actions"))
                }
            }
        }
        return findings
    }

    func finding(_ issue: String, _ location: String, _ severity: PolicyFinding.Severity, _ title: String, _ detail: String) -> PolicyFinding {
        PolicyFinding(issue: issue, detail: detail, location: location, severity: severity, title: title, description: detail)
    }
}
