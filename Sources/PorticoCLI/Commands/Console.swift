import ArgumentParser
import Foundation
import PorticoAPI
import PorticoCore

/// `portico console [ROLE]`: the gateway's `/role/` link for the AWS console as the role, opened
/// in the browser (or printed with `-x` or when there is no browser).
struct Console: PorticoSubcommand {
    static let configuration = CommandConfiguration(abstract: "Open the AWS console as a role.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The role: an ARN, account/role, or a fragment (omitted: pick one).")
    var role: String?

    @Flag(name: [.customShort("x"), .customLong("no-open")], help: "Print the link instead of opening it.")
    var noOpen = false

    func run(_ context: CLIContext) async throws(CLIError) {
        let resolved = try await RoleChoice.resolve(role, context: context)
        var link = context.url + APIPaths.roleRedirect(PercentEncoding.encode(resolved, allowing: .unreservedAndSlash).replacingOccurrences(of: "%3A", with: ":"))
        if let region = context.region { link += "?r=" + PercentEncoding.encode(region) }
        Links.show(link, open: !noOpen, label: "Console link")
    }
}

/// `portico open ARN`: a resource's page on the gateway.
struct OpenResource: PorticoSubcommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open a resource's page on the gateway.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The resource's ARN (SNS and SQS ARNs carry their region).")
    var arn: String

    @Flag(name: [.customShort("x"), .customLong("no-open")], help: "Print the link instead of opening it.")
    var noOpen = false

    func run(_ context: CLIContext) async throws(CLIError) {
        guard let parsed = ARN(arn) else { throw .usage("'\(arn)' is not an ARN (arn:partition:service:region:account:resource)") }
        if ["sns", "sqs"].contains(parsed.service), parsed.region.isEmpty {
            throw .usage("an \(parsed.service) ARN needs its region: \(arn)")
        }
        struct Answer: Decodable {
            struct Payload: Decodable { let url: String }
            let data: Payload
        }
        let answer = try await context.withSession { session throws(CLIError) in
            try context.gateway.decode(
                Answer.self,
                try await context.gateway.send("GET", "/api/v2/get_resource_url?arn=" + PercentEncoding.encode(arn), token: session.token))
        }
        let link = answer.data.url.hasPrefix("http") ? answer.data.url : context.url + answer.data.url
        Links.show(link, open: !noOpen, label: "Portico link")
    }
}

/// Opens a link in the browser when asked and possible, else prints it.
enum Links {
    static func show(_ link: String, open: Bool, label: String) {
        if open, Browser.open(link) {
            Terminal.note("Opening browser to link: \(link)")
        } else {
            Terminal.output("\(link)\n")
        }
    }
}
