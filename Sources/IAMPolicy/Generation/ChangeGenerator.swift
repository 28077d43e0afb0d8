public import PorticoCore

/// Turns the wizard's choices (`generate_changes`) into one minimal inline policy
/// (CONSOLEME.md 3.3–3.4), with a plain-English explanation of each statement.
public struct ChangeGenerator: Sendable {
    public var permissionsMap: PermissionsMap
    public var catalog: IAMCatalog

    public init(permissionsMap: PermissionsMap = .consoleMeDefaults, catalog: IAMCatalog = .bundled) {
        self.permissionsMap = permissionsMap
        self.catalog = catalog
    }

    /// What one `generate_changes` call produces.
    public struct GeneratedPolicy: Sendable, Hashable {
        public var principal: JSONValue?
        /// Every resource ARN the generators named, in order, without repeats.
        public var resourceARNs: [String]
        public var policyName: String
        public var document: PolicyDocument
        public var expirationDate: String?
    }

    /// - Parameters:
    ///   - requests: the `changes` array, in order.
    ///   - user: the caller (overrides any `user` sent), for names and Sids.
    ///   - epochSeconds: now, for names and Sids.
    ///   - randomLetters: four lowercase letters for a policy name (random in production).
    /// - Throws: `ChangeGenerationError.invalidInput` naming what was wrong.
    public func generate(
        _ requests: [GeneratorRequest], user: String, epochSeconds: Int, randomLetters: () -> String
    ) throws(ChangeGenerationError) -> GeneratedPolicy {
        guard !requests.isEmpty else { throw .invalidInput("changes must hold at least one generator") }
        let principals = Set(requests.compactMap(\.principal).map(CanonicalJSON.text))
        guard principals.count <= 1 else { throw .invalidInput("all changes must be for the same principal") }
        var statements: [PolicyStatement] = []
        var resources: [String] = []
        for (index, request) in requests.enumerated() {
            let generated = try statementsFor(request, index: index)
            statements += generated
            for arn in generated.flatMap({ $0.resource ?? [] }) where arn != "*" && !resources.contains(arn) {
                resources.append(arn)
            }
        }
        let minimizer = PolicyMinimizer(user: user, epochSeconds: epochSeconds)
        let document = minimizer.minimize(PolicyDocument(statements: statements))
        let named = requests.compactMap(\.policyName).first
        let expiration = requests.compactMap(\.expirationDate).first
        let name = try named.map { name throws(ChangeGenerationError) -> String in
            guard Self.isValidPolicyName(name) else {
                throw .invalidInput("policy_name \"\(name)\" may hold only letters, digits and +=,.@-_ (at most 128)")
            }
            return name
        } ?? Self.policyName(user: user, epochSeconds: epochSeconds, expiration: expiration, letters: randomLetters())
        return GeneratedPolicy(
            principal: requests.compactMap(\.principal).first, resourceARNs: resources, policyName: name,
            document: document, expirationDate: expiration)
    }

    /// ConsoleMe's names: `cm_<local part>_<epoch>_<4 letters>`, or with an expiration
    /// `cm_delete-on_<YYYYMMDD>_<local part>_<epoch>`.
    public static func policyName(user: String, epochSeconds: Int, expiration: String?, letters: String) -> String {
        let local = (user.split(separator: "@", maxSplits: 1).first.map(String.init) ?? user)
            .filter { $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@-_".contains($0)) }
        if let expiration {
            let day = expiration.filter(\.isNumber).prefix(8)
            if day.count == 8 { return "cm_delete-on_\(day)_\(local)_\(epochSeconds)" }
        }
        return "cm_\(local)_\(epochSeconds)_\(letters)"
    }

    /// IAM's policy name rule: 1–128 of `[a-zA-Z0-9+=,.@\-_]`.
    public static func isValidPolicyName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 128
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@-_".contains($0)) }
    }

    func statementsFor(_ request: GeneratorRequest, index: Int) throws(ChangeGenerationError) -> [PolicyStatement] {
        let path = "changes[\(index)]"
        if request.generatorType == "custom_iam" {
            guard let policy = request.policy else { throw .invalidInput("\(path).policy is missing for custom_iam") }
            let document: PolicyDocument
            do {
                document = try PolicyDocument(json: policy.stringValue.flatMap { try? JSONValue(parsing: Array($0.utf8)) } ?? policy)
            } catch {
                throw .invalidInput("\(path).policy.\(error)")
            }
            for (number, statement) in document.statements.enumerated()
            where statement.resource == nil && statement.notResource == nil {
                throw .invalidInput("\(path).policy.Statement[\(number)] needs Resource or NotResource")
            }
            return document.statements
        }
        guard let service = permissionsMap.services[request.generatorType] else {
            throw .invalidInput("\(path).generator_type \"\(request.generatorType)\" is not one of: "
                + permissionsMap.services.keys.sorted().joined(separator: ", ") + ", custom_iam")
        }
        guard !request.resourceARNs.isEmpty else { throw .invalidInput("\(path).resource_arn is missing") }
        let actions = try actionsFor(request, service: service, path: path) + request.extraActions
        guard !actions.isEmpty else { throw .invalidInput("\(path) names no action_groups or extra_actions") }
        var resources = request.resourceARNs
        if request.generatorType == "s3" { resources = s3Resources(request) }
        var statement = PolicyStatement(effect: request.effect, action: actions, resource: resources)
        statement.includeAccounts = request.includeAccounts
        statement.excludeAccounts = request.excludeAccounts
        if let condition = request.condition ?? service.condition.map({ substitute($0, from: request) }) {
            do {
                statement.condition = try PolicyDocument(json: [
                    "Statement": ["Effect": "Allow", "Action": "x:y", "Condition": condition],
                ]).statements[0].condition
            } catch {
                throw .invalidInput("\(path).condition: \(error.reason)")
            }
        }
        return [statement]
    }

    func actionsFor(
        _ request: GeneratorRequest, service: PermissionsMap.PermissionService, path: String
    ) throws(ChangeGenerationError) -> [String] {
        if request.generatorType == "crud_lookup" {
            guard let name = request.serviceName, let known = catalog.service(name) else {
                let named = request.serviceName.map { "\"\($0)\" is not a known AWS service" } ?? "is missing"
                throw .invalidInput("\(path).service_name \(named)")
            }
            var actions: [String] = []
            var unknown: [String] = []
            for group in request.actionGroups {
                guard let level = IAMAccessLevel(groupName: group) else { unknown.append(group); continue }
                actions += catalog.actions(of: known.prefix, at: level).map(\.fullName)
            }
            if !unknown.isEmpty { throw Self.invalidGroups(unknown, path: path) }
            return actions
        }
        var actions: [String] = []
        var unknown: [String] = []
        for name in request.actionGroups {
            if let group = service.group(name) { actions += group.permissions } else { unknown.append(name) }
        }
        if !unknown.isEmpty { throw Self.invalidGroups(unknown, path: path) }
        return actions
    }

    static func invalidGroups(_ names: [String], path: String) -> ChangeGenerationError {
        .invalidInput("One or more of the passed actions is invalid for the generator type: "
            + names.map { "\"\($0)\"" }.joined(separator: ", ") + " (\(path).action_groups)")
    }

    /// Bucket ARN and bucket ARN + prefix for each bucket; a bare bucket name gets `arn:aws:s3:::`,
    /// the prefix a leading `/`, and a prefix not ending in `*` a trailing one (`logs/` means the
    /// objects under `logs/`; ConsoleMe would grant only the object literally named `logs/`).
    func s3Resources(_ request: GeneratorRequest) -> [String] {
        var prefix = request.bucketPrefix ?? "/*"
        if prefix.isEmpty { prefix = "/*" }
        if !prefix.hasPrefix("/") { prefix = "/" + prefix }
        if !prefix.hasSuffix("*") { prefix += "*" }
        return request.resourceARNs.flatMap { bucket -> [String] in
            let arn = bucket.hasPrefix("arn:") ? bucket : "arn:aws:s3:::" + bucket
            let bare = arn.hasSuffix("/") ? String(arn.dropLast()) : arn
            return [bare, bare + prefix]
        }
    }

    /// `${name}` placeholders in string leaves replaced by the request's own field `name`.
    func substitute(_ template: JSONValue, from request: GeneratorRequest) -> JSONValue {
        switch template {
        case .string(var text):
            for (key, value) in request.fields {
                if let replacement = value.stringValue { text = text.replacingOccurrences("${\(key)}", with: replacement) }
            }
            return .string(text)
        case .array(let items): return .array(items.map { substitute($0, from: request) })
        case .object(let members): return .object(members.mapValues { substitute($0, from: request) })
        default: return template
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (without Foundation).
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
