import Proto
import Testing

/// Fields marked `[secret]` in the .proto never print: not in descriptions, debug descriptions,
/// `dump`, nor inside an enclosing message.
@Suite("Coding: secret fields are redacted when a message is printed")
struct CodingRedactionTests {
    static let secret = "wJalrXUtnFEMI-secret-for-redaction-test"
    static let token = "FwoGZXIvYXdzEBYa-session-token-for-redaction-test"

    let credentials = TemporaryCredentials(
        accessKeyID: "ASIAREDACTIONTEST", secretAccessKey: secret, sessionToken: token, expiration: 1_800_000_000)

    func printings(of value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    @Test func temporaryCredentialsPrintWithoutTheirSecrets() {
        for text in printings(of: credentials) {
            #expect(!text.contains(Self.secret) && !text.contains(Self.token), "\(text)")
            #expect(text.contains("ASIAREDACTIONTEST"), "non-secret fields still print: \(text)")
        }
    }

    @Test func anEnclosingMessagePrintsItsNestedSecretsRedacted() {
        let response = GetCredentialsResponse(credentials: credentials, roleARN: "arn:aws:iam::111111111111:role/x")
        for text in printings(of: response) {
            #expect(!text.contains(Self.secret) && !text.contains(Self.token), "\(text)")
        }
    }

    @Test func theConsoleLoginURLIsRedacted() {
        let login = GetConsoleLoginResponse(loginURL: "https://signin.aws.amazon.com/federation?SigninToken=\(Self.token)")
        for text in printings(of: login) { #expect(!text.contains(Self.token), "\(text)") }
    }

    @Test func redactionDoesNotChangeTheWireBytes() throws {
        let decoded = try TemporaryCredentials(protobufBytes: try credentials.protobufBytes())
        #expect(decoded.secretAccessKey == Self.secret)
        #expect(decoded == credentials)
    }
}
