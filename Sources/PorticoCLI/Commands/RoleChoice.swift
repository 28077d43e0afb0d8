import PorticoAPI

/// How a command's role argument becomes what the gateway is asked for: an ARN or a fragment
/// is sent as it is (the gateway matches fragments; 901 lists the candidates), `account/role`
/// (account id or name) is looked up in the caller's roles, and no argument opens a picker
/// when a person is at the terminal.
enum RoleChoice {
    static func resolve(_ argument: String?, context: CLIContext) async throws(CLIError) -> String {
        guard let argument, !argument.isEmpty else { return try await pick(context: context) }
        if argument.hasPrefix("arn:") { return argument }
        let parts = argument.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return argument }
        let roles = try await context.withSession { session throws(CLIError) in try await context.gateway.roles(token: session.token) }
        let matches = roles.filter {
            ($0.accountID == parts[0] || $0.accountFriendlyName.lowercased() == parts[0].lowercased())
                && $0.roleName.lowercased() == parts[1].lowercased()
        }
        guard let match = matches.first else {
            throw .refused(code: APIErrorBody.Code.noMatchingRoles, message: "none of your roles is \(argument)", matchingRoles: [])
        }
        return match.arn
    }

    /// The interactive picker: type a fragment, choose among the fuzzy matches by number.
    static func pick(context: CLIContext) async throws(CLIError) -> String {
        guard Terminal.isInteractive else {
            throw .usage("name a role (an ARN, account/role, or a fragment): there is no terminal to pick one")
        }
        let roles = try await context.withSession { session throws(CLIError) in try await context.gateway.roles(token: session.token) }
        guard !roles.isEmpty else { throw .refused(code: "900", message: "you have no roles", matchingRoles: []) }
        var candidates = roles
        while true {
            let width = candidates.map(\.accountFriendlyName.count).max() ?? 0
            for (index, role) in candidates.prefix(40).enumerated() {
                let account = role.accountFriendlyName.padding(toLength: width, withPad: " ", startingAt: 0)
                Terminal.note("\(String(index + 1).leftPadded(3)))  \(account)  \(role.arn)")
            }
            if candidates.count > 40 { Terminal.note("     … and \(candidates.count - 40) more: type to narrow") }
            guard let answer = Terminal.ask("Role (number, or text to narrow): ")?.trimmingCharacters(in: .whitespaces) else {
                throw .usage("no role chosen")
            }
            if let number = Int(answer), (1...min(40, candidates.count)).contains(number) { return candidates[number - 1].arn }
            let narrowed = roles.filter { FuzzyMatch.matches(answer, "\($0.accountFriendlyName) \($0.arn)") }
            if narrowed.count == 1 { return narrowed[0].arn }
            if narrowed.isEmpty { Terminal.note("nothing matches '\(answer)'") } else { candidates = narrowed }
        }
    }
}

/// Subsequence matching, case-insensitive: `wbadm` matches `web-admin`.
enum FuzzyMatch {
    static func matches(_ query: String, _ text: String) -> Bool {
        var remaining = Substring(query.lowercased().filter { !$0.isWhitespace })
        for character in text.lowercased() where character == remaining.first {
            remaining = remaining.dropFirst()
            if remaining.isEmpty { return true }
        }
        return remaining.isEmpty
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
