import ArgumentParser
import Foundation
import PorticoAPI

/// `portico list`: the roles you may use (console and CLI-only), as a table, ARNs or JSON.
struct List: PorticoSubcommand {
    static let configuration = CommandConfiguration(abstract: "List the roles you may use.")

    @OptionGroup var global: GlobalOptions

    @Option(name: [.short, .long], help: "Only roles of this account (id or name).")
    var account: String?

    @Flag(name: [.short, .customLong("short-info")], help: "Print only the role ARNs.")
    var short = false

    @Flag(help: "Print the roles as JSON.")
    var json = false

    func run(_ context: CLIContext) async throws(CLIError) {
        var roles = try await context.withSession { session throws(CLIError) in try await context.gateway.roles(token: session.token) }
        if let account {
            roles = roles.filter { $0.accountID == account || $0.accountFriendlyName.lowercased() == account.lowercased() }
        }
        roles.sort { ($0.accountFriendlyName, $0.roleName) < ($1.accountFriendlyName, $1.roleName) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(roles)) ?? Data("[]".utf8)
            Terminal.output(String(decoding: data, as: UTF8.self) + "\n")
        } else if short {
            Terminal.output(roles.map { $0.arn + "\n" }.joined())
        } else {
            Terminal.output(Table(["Account Name", "Role Name", "Role ARN"], roles.map { [$0.accountFriendlyName, $0.roleName, $0.arn] }).text)
        }
    }
}

/// `portico search account|role [query]`: your accounts or roles matching a fragment.
struct Search: PorticoSubcommand {
    static let configuration = CommandConfiguration(abstract: "Search your accounts or roles.")

    enum Kind: String, ExpressibleByArgument, CaseIterable { case account, role }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "What to search: account or role.")
    var kind: Kind

    @Argument(help: "A fragment (fuzzy: letters in order).")
    var query: String = ""

    func run(_ context: CLIContext) async throws(CLIError) {
        let roles = try await context.withSession { session throws(CLIError) in try await context.gateway.roles(token: session.token) }
        switch kind {
        case .account:
            let accounts = Set(roles.map { "\($0.accountFriendlyName) (\($0.accountID))" })
            Terminal.output(accounts.filter { FuzzyMatch.matches(query, $0) }.sorted().map { $0 + "\n" }.joined())
        case .role:
            let found = roles.filter { FuzzyMatch.matches(query, "\($0.accountFriendlyName) \($0.arn)") }.map(\.arn)
            Terminal.output(found.sorted().map { $0 + "\n" }.joined())
        }
    }
}

/// A plain text table: columns padded to their widest cell, separated by two spaces.
struct Table {
    let header: [String]
    let rows: [[String]]

    init(_ header: [String], _ rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    var text: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }.joined()
    }
}
