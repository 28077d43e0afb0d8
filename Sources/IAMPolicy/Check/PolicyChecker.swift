/// Checks an identity policy for mistakes and risks (the checks of `POST /api/v2/policies/check`):
/// JSON syntax with line and column, unknown services and actions with "did you mean", patterns
/// matching nothing, resources no action of the statement acts on (and actions no resource fits),
/// Allow with NotAction/NotResource, `*` actions or resources, privilege-escalation actions,
/// condition keys foreign to the actions' services or unknown to them, and IAM's size limits.
public struct PolicyChecker: Sendable {
    public var catalog: IAMCatalog
    /// IAM's inline role policy limit in characters (whitespace not counted).
    public static let inlineSizeLimit = 10_240
    /// IAM's managed policy limit in characters (whitespace not counted).
    public static let managedSizeLimit = 6_144

    /// Which IAM size limit applies.
    public enum PolicyKind: String, Sendable, Hashable, CaseIterable {
        case inline = "inline_policy"
        case managed = "managed_policy"

        public var sizeLimit: Int { self == .inline ? PolicyChecker.inlineSizeLimit : PolicyChecker.managedSizeLimit }
    }

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

    public func check(_ text: String, kind: PolicyKind = .inline) -> [PolicyFinding] {
        if let syntax = JSONSyntaxLocation.firstError(in: text) {
            return [finding("MALFORMED_JSON", "line \(syntax.line), column \(syntax.column)", .error, "Not JSON",
                            "line \(syntax.line), column \(syntax.column): \(syntax.reason)")]
        }
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
        let size = Self.countedSize(of: text)
        if size > kind.sizeLimit {
            let what = kind == .inline ? "an inline role policy" : "a managed policy"
            findings.append(finding("POLICY_TOO_LARGE", "", .error, "Too large",
                                    "\(size) characters without whitespace; \(what) may have at most \(kind.sizeLimit)"))
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
            var grantedByEntry: [(entry: String, actions: [IAMAction])] = []
            for (number, entry) in (statement.action ?? []).enumerated() {
                let path = "\(at).Action[\(number)]"
                if entry == "*" {
                    findings.append(finding("STAR_ACTION", path, statement.effect == .allow ? .securityWarning : .suggestion,
                                            "Every action", "`*` grants every action of every service"))
                    grantedByEntry.append((entry, []))
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
                grantedByEntry.append((entry, actions))
            }
            if !(statement.action ?? []).contains("*") {
                findings += resourceFindings(statement, at: at, grantedByEntry: grantedByEntry)
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
            if let condition = statement.condition, !(statement.action ?? []).contains("*") {
                findings += conditionFindings(condition, at: at, granted: granted)
            }
        }
        return findings
    }

    /// The size IAM counts: characters other than whitespace.
    static func countedSize(of text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.properties.isWhitespace ? 0 : 1) }
    }

    func finding(_ issue: String, _ location: String, _ severity: PolicyFinding.Severity, _ title: String, _ detail: String) -> PolicyFinding {
        PolicyFinding(issue: issue, detail: detail, location: location, severity: severity, title: title, description: detail)
    }
}
