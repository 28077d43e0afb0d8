import ArgumentParser
import Foundation
import PorticoCore

/// `portico request`: the self-service policy request from the terminal, in ConsoleMe's shapes:
/// `POST /api/v2/generate_changes` turns the service, resource and action groups into an inline
/// policy change for the role, `POST /api/v2/request` files it (or, with `--dry-run`, previews
/// it); the request's link is printed.
struct SelfServiceRequest: PorticoSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Request permissions for a role through the self-service flow (prints the request link).",
        discussion: "Example: portico request --role dev --service s3 --resource arn:aws:s3:::my-bucket --actions get,list --expires 8h -j \"debugging the export\"")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The role that needs the permissions (an ARN, account/role, or a fragment).")
    var role: String

    @Option(help: "The AWS service: s3, sqs, sns, ses, or any other service name (looked up by access level).")
    var service: String

    @Option(help: "The resource ARN (an S3 bucket may be given by name).")
    var resource: String

    @Option(help: "Comma-separated action groups, e.g. get,list (s3), send,receive (sqs), read,write (others).")
    var actions: String

    @Option(help: "How long the permission should last: 8h, 3d, 2w (omitted: until removed).")
    var expires: String?

    @Option(name: [.customShort("j"), .customLong("justification")], help: "Why you need it.")
    var justification: String

    @Flag(help: "Show the policy the request would add without filing it.")
    var dryRun = false

    func run(_ context: CLIContext) async throws(CLIError) {
        let groups = actions.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        guard !groups.isEmpty else { throw .usage("--actions needs at least one action group, e.g. get,list") }
        guard !justification.trimmingCharacters(in: .whitespaces).isEmpty else { throw .usage("-j: say why you need it") }
        let expiration = try expires.map { text throws(CLIError) in try Self.expirationDate(text) }
        var arn = try await RoleChoice.resolve(role, context: context)
        if !arn.hasPrefix("arn:") {
            let roles = try await context.withSession { session throws(CLIError) in try await context.gateway.roles(token: session.token) }
            let matches = roles.filter { $0.arn.lowercased().contains(arn.lowercased()) }
            guard matches.count == 1 else {
                throw .refused(code: matches.isEmpty ? "900" : "901", message: "name one role", matchingRoles: matches.map(\.arn))
            }
            arn = matches[0].arn
        }
        let simple = ["s3", "sqs", "sns", "ses"].contains(service.lowercased())
        var generator: [String: JSONValue] = [
            "principal": ["principal_type": "AwsResource", "principal_arn": .string(arn)],
            "generator_type": .string(simple ? service.lowercased() : "crud_lookup"),
            "resource_arn": [.string(resource)],
            "action_groups": .array(groups.map { .string($0) }),
            "effect": "Allow",
        ]
        if !simple { generator["service_name"] = .string(service.lowercased()) }
        if let expiration { generator["expiration_date"] = .number(Double(expiration)) }
        let result = try await context.withSession { session throws(CLIError) in
            let changes = try context.gateway.decode(
                JSONValue.self,
                try await context.gateway.send("POST", "/api/v2/generate_changes", token: session.token, json: JSONValue.object(["changes": [.object(generator)]])))
            var request: [String: JSONValue] = ["justification": .string(justification), "dry_run": .bool(dryRun), "changes": changes]
            request["admin_auto_approve"] = false
            return try context.gateway.decode(
                JSONValue.self, try await context.gateway.send("POST", "/api/v2/request", token: session.token, json: JSONValue.object(request)))
        }
        if dryRun {
            let document = result["extended_request"]?["changes"]?["changes"]?.arrayValue?.first?["policy"]?["policy_document"]
            Terminal.output((document ?? result).jsonText + "\n")
            return
        }
        guard let url = result["request_url"]?.stringValue else {
            throw .unreachable("the gateway filed no request: \(result.jsonText.prefix(300))")
        }
        Terminal.output((url.hasPrefix("http") ? url : context.url + url) + "\n")
    }

    /// `8h` / `3d` / `2w` from now as ConsoleMe's `expiration_date` (YYYYMMDD, UTC).
    static func expirationDate(_ text: String, now: Date = Date()) throws(CLIError) -> Int {
        let units: [Character: Double] = ["h": 3600, "d": 86400, "w": 604_800]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Double(text.dropLast()), count > 0 else {
            throw .usage("--expires: expected a duration such as 8h, 3d or 2w, found '\(text)'")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now.addingTimeInterval(count * unit))
        return (parts.year ?? 0) * 10000 + (parts.month ?? 0) * 100 + (parts.day ?? 0)
    }
}
