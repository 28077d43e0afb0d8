/// One role a person may use, and whether only from the command line (a CLI-only role is never
/// handed to a console sign-in): what the cache answers and the credential service brokers.
public struct EligibleRole: Sendable, Hashable, Codable {
    public var arn: String
    public var cliOnly: Bool

    public init(arn: String, cliOnly: Bool) {
        self.arn = arn
        self.cliOnly = cliOnly
    }
}
