import ArgumentParser
import Foundation
import PorticoAPI
import PorticoCore

/// `portico request`: the self-service policy request from the terminal, in ConsoleMe's shapes:
/// `POST /api/v2/generate_changes` turns the service, resource and action groups into an inline
/// policy change for the role, `POST /api/v2/request` files it (or, with `--dry-run`, previews
/// it); the request's link is printed. `--expires` becomes each change's `expires_at` (the
/// request service removes the grant then).
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

    @Option(help: "How long the permission should last: 30m, 8h, 3d, 2w (omitted: until removed).")
    var expires: String?

    @Option(name: [.customShort("j"), .customLong("justification")], help: "Why you need it.")
    var justification: String

    @Flag(help: "Show the policy the request would add without filing it.")
    var dryRun = false

    func run(_ context: CLIContext) async throws(CLIError) {
        let groups = actions.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        guard !groups.isEmpty else { throw .usage("--actions needs at least one action group, e.g. get,list") }
        guard !justification.trimmingCharacters(in: .whitespaces).isEmpty else { throw .usage("-j: say why you need it") }
        let expiresAt = try expires.map { text throws(CLIError) in CachedCredentials.rfc3339(try Self.expiry(text)) }
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
        let body = JSONValue.object(["changes": [.object(generator)]])
        let (dryRun, justification) = (self.dryRun, self.justification)
        let answer = try await context.withSession { session throws(CLIError) in
            let generated = try context.gateway.decode(
                PolicyRequestChanges.self, try await context.gateway.send("POST", "/api/v2/generate_changes", token: session.token, json: body))
            var changes = generated.changes
            guard !changes.isEmpty else { throw .unreachable("the gateway generated no change for that request") }
            for index in changes.indices {
                // generate_changes leaves a new inline policy's `action` null; the request
                // service (like ConsoleMe's model default) wants it said: attach.
                if changes[index].knownType == .inlinePolicy, changes[index].action == nil { changes[index].action = "attach" }
                if let expiresAt { changes[index].expiresAt = expiresAt }
            }
            let creation = PolicyRequestCreation(justification: justification, changes: changes, dryRun: dryRun)
            return try context.gateway.decode(
                PolicyRequestCreationResponse.self, try await context.gateway.send("POST", "/api/v2/request", token: session.token, json: creation))
        }
        let changes = answer.extendedRequest.changes.changes
        if dryRun {
            let inline = changes.first { $0.knownType == .inlinePolicy }
            guard let document = inline?.policy?.policyDocument else {
                throw .unreachable("the gateway's dry run holds no inline policy")
            }
            Terminal.output(Self.pretty(document) + "\n")
            var note = "dry run: inline policy \(inline?.policyName ?? "?") for \(answer.extendedRequest.principal.principalARN)"
            if let expiresAt { note += ", until \(expiresAt)" }
            for extra in changes where extra.autogenerated == true {
                note += "\n  also: \(extra.changeType) on \(extra.arn ?? "?")"
                if extra.supported == false { note += " (\(extra.unsupportedReason ?? "not supported"))" }
            }
            Terminal.note(note + "\nnothing was filed; run again without --dry-run to request it")
            return
        }
        guard answer.requestCreated, let url = answer.requestURL ?? answer.requestID.map({ "/policies/request/\($0)" }) else {
            throw .unreachable("the gateway filed no request (\(answer.errors) errors)")
        }
        Terminal.output((url.hasPrefix("http") ? url : context.url + url) + "\n")
    }

    /// The document as people read it: indented, keys sorted.
    static func pretty(_ document: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(document)).map { String(decoding: $0, as: UTF8.self) } ?? document.jsonText
    }

    /// `30m` / `8h` / `3d` / `2w` from now: when the grant ends (sent as the changes' `expires_at`).
    static func expiry(_ text: String, now: Date = Date()) throws(CLIError) -> Date {
        let units: [Character: Double] = ["m": 60, "h": 3600, "d": 86400, "w": 604_800]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Double(text.dropLast()), count > 0, count.isFinite else {
            throw .usage("--expires: expected a duration such as 8h, 3d or 2w, found '\(text)'")
        }
        return now.addingTimeInterval(count * unit)
    }
}
