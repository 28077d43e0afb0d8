import CredentialService
import Testing

/// Issued credentials never show their secret parts.
@Suite struct IssuedCredentialsTests {
    let credentials = IssuedCredentials(
        accessKeyID: "ASIAEXAMPLEID", secretAccessKey: "secret/key+value", sessionToken: "session-token-value",
        expiration: 1_700_000_000, roleARN: "arn:aws:iam::111111111111:role/a", sessionName: "alice@example.com",
        durationSeconds: 3600)

    @Test func descriptionsDumpsAndInterpolationRedactTheSecretAndToken() {
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [credentials.description, String(reflecting: credentials), "\(credentials)", dumped] {
            #expect(text.contains("ASIAEXAMPLEID"))
            #expect(!text.contains("secret/key+value"))
            #expect(!text.contains("session-token-value"))
        }
    }
}
