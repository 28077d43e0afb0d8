import Foundation
import Testing

@testable import PorticoAWS

@Suite struct AWSCredentialsTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let token = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN"
    let credentials = AWSCredentials(
        accessKeyID: "ASIAEXAMPLE", secretAccessKey: secret, sessionToken: token,
        expiration: Date(timeIntervalSince1970: 1_700_000_000))

    @Test func everyDescriptionRedactsTheSecretAndToken() {
        var dumped = ""
        dump(credentials, to: &dumped)
        let renderings = [
            credentials.description, credentials.debugDescription, String(describing: credentials),
            String(reflecting: credentials), "\(credentials)", dumped,
            StaticCredentialProvider(credentials).description,
        ]
        for text in renderings {
            #expect(!text.contains(Self.secret), "\(text)")
            #expect(!text.contains(Self.token), "\(text)")
            #expect(text.contains("ASIAEXAMPLE"))
        }
        #expect(credentials.description.contains("2023-11-14T22:13:20Z"))
    }

    @Test func theEnvironmentShowsVariableNamesOnly() {
        let environment = CredentialEnvironment(
            variables: ["AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_SESSION_TOKEN": Self.token], homeDirectory: "/home/u")
        var dumped = ""
        dump(EnvironmentCredentialSource(environment: environment), to: &dumped)
        for text in [environment.description, String(reflecting: environment), dumped,
                     String(describing: EnvironmentCredentialSource(environment: environment))] {
            #expect(!text.contains(Self.secret), "\(text)")
            #expect(!text.contains(Self.token), "\(text)")
            #expect(text.contains("AWS_SECRET_ACCESS_KEY"))
        }
    }

    @Test func expiryWindow() {
        let now = Date(timeIntervalSince1970: 1_700_000_000 - 600)
        #expect(!credentials.expires(within: .seconds(300), of: now))
        #expect(credentials.expires(within: .seconds(600), of: now))
        #expect(!AWSCredentials(accessKeyID: "a", secretAccessKey: "b").expires(within: .seconds(1_000_000), of: now))
    }

    @Test func credentialErrorsNeverCarryTheDocument() throws {
        let body = Array("{\"AccessKeyId\":\"AKIA\",\"SecretAccessKey\":\"\(Self.secret)\",\"Expiration\":\"soon\"}".utf8)
        do {
            _ = try MetadataCredentialsDocument.parse(body, source: "test")
            Issue.record("a bad Expiration must be refused")
        } catch {
            #expect(!"\(error)".contains(Self.secret))
        }
    }
}
