extension PolicyChecker {
    /// Condition keys every request context may carry, whatever the service
    /// (AWS's global condition context keys; `/*` ends a key family like `aws:PrincipalTag/team`).
    static let globalConditionKeys: [String] = [
        "aws:AssumedRoot", "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast", "aws:ChatbotSourceArn",
        "aws:CurrentTime", "aws:Ec2InstanceSourcePrivateIPv4", "aws:Ec2InstanceSourceVpc", "aws:EpochTime",
        "aws:FederatedProvider", "aws:MultiFactorAuthAge", "aws:MultiFactorAuthPresent", "aws:PrincipalAccount",
        "aws:PrincipalArn", "aws:PrincipalIsAWSService", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
        "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:PrincipalTag/*", "aws:PrincipalType",
        "aws:Referer", "aws:RequestedRegion", "aws:RequestTag/*", "aws:ResourceAccount", "aws:ResourceOrgID",
        "aws:ResourceOrgPaths", "aws:ResourceTag/*", "aws:SecureTransport", "aws:SourceAccount", "aws:SourceArn",
        "aws:SourceIdentity", "aws:SourceIp", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceVpc",
        "aws:SourceVpcArn", "aws:SourceVpce", "aws:TagKeys", "aws:TokenIssueTime", "aws:UserAgent", "aws:userid",
        "aws:username", "aws:ViaAWSService", "aws:VpceAccount", "aws:VpceOrgID", "aws:VpceOrgPaths", "aws:VpcSourceIp",
    ]

    /// `UNKNOWN_CONDITION_FOR_ACTION` for a key of a service none of the actions belongs to, and
    /// `UNKNOWN_CONDITION_KEY` for a key the catalog does not know for its own service (or an
    /// unknown `aws:` key), with "did you mean".
    func conditionFindings(_ condition: PolicyCondition, at: String, granted: [IAMAction]) -> [PolicyFinding] {
        let services = Set(granted.map { $0.service.lowercased() })
        guard !services.isEmpty else { return [] }
        var findings: [PolicyFinding] = []
        for entry in condition.keys {
            let path = "\(at).Condition.\(entry.operator).\(entry.key)"
            let prefix = entry.key.split(separator: ":").first.map { $0.lowercased() } ?? ""
            if prefix != "aws", !services.contains(prefix) {
                findings.append(finding("UNKNOWN_CONDITION_FOR_ACTION", path, .warning, "Condition key of another service",
                                        "\(entry.key) does not apply to \(services.sorted().joined(separator: ", ")) actions"))
                continue
            }
            let known: [String] = prefix == "aws"
                ? Self.globalConditionKeys
                : catalog.service(prefix)?.conditionKeys ?? []
            guard !known.contains(where: { Self.conditionKey($0, admits: entry.key) }) else { continue }
            let hint = IAMCatalog.closest(to: entry.key.lowercased(), among: known.map(Self.keyFamily), limit: 3)
            let meant = hint.isEmpty ? "" : "; did you mean \(hint.joined(separator: ", "))?"
            findings.append(finding("UNKNOWN_CONDITION_KEY", path, .warning, "Unknown condition key",
                                    "\(entry.key) is not a condition key of \(prefix)\(meant)"))
        }
        return findings
    }

    /// Whether a catalog key (`s3:ExistingObjectTag/<key>`, `aws:ResourceTag/${TagKey}`) covers `key`, ignoring case.
    static func conditionKey(_ known: String, admits key: String) -> Bool {
        Glob(keyFamily(known), caseInsensitive: true).matches(key)
    }

    /// The catalog's placeholders (`${TagKey}`, `<key>`) as `*`.
    static func keyFamily(_ known: String) -> String {
        var text = withoutPolicyVariables(known)
        if let open = text.firstIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
            text.replaceSubrange(open...close, with: "*")
        }
        return text
    }
}
