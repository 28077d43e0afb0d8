import Foundation
import PorticoStackSupport
import PorticoTestSupport
import Testing

extension CLIEndToEndTests {
    /// `credential_process --generate` and `file` edit the AWS files as a careful person would:
    /// only their own block or profile changes.
    @Suite struct AWSFileTests {
        static let existingConfig = """
            # my own notes: keep these
            [default]
            region = eu-west-1
            output = json

            ; another comment style
            [profile other]
            role_arn = arn:aws:iam::123456789012:role/Other
            source_profile = default
            """

        @Test func generateLeavesEverythingElseByteIdenticalAndASecondRunChangesNothing() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            try home.write(Self.existingConfig, to: home.awsConfig)
            let credentials = "[default]\naws_access_key_id = AKIASTATICKEY\naws_secret_access_key = static\n"
            try home.write(credentials, to: home.awsCredentials)

            let first = try await home.portico(["credential_process", "--generate"])
            #expect(first.status == 0, "\(first.output)")
            let generated = try home.read(home.awsConfig)
            #expect(generated.hasPrefix(Self.existingConfig + "\n"))
            let block = String(generated.dropFirst(Self.existingConfig.count + 1))
            #expect(block.hasPrefix("\n# >>> portico profiles"))
            for role in E2EEstate.roles {
                #expect(block.contains("[profile \(role.arn)]\ncredential_process = portico credential_process \(role.arn)\n"))
            }
            #expect(!block.contains("AKIASTATICKEY"))
            #expect(try home.read(home.awsCredentials) == credentials)

            let second = try await home.portico(["credential_process", "--generate"])
            #expect(second.status == 0, "\(second.output)")
            #expect(try home.read(home.awsConfig) == generated)

            // --pretty replaces only the block.
            let pretty = try await home.portico(["credential_process", "--generate", "--pretty"])
            #expect(pretty.status == 0, "\(pretty.output)")
            let renamed = try home.read(home.awsConfig)
            #expect(renamed.hasPrefix(Self.existingConfig + "\n"))
            #expect(renamed.contains("[profile alpha-web-admin]"))
            #expect(!renamed.contains("[profile \(E2EEstate.webAdmin.arn)]"))

            // The generated profile works with the AWS CLI.
            let call = try await home.run("aws", ["sts", "get-caller-identity", "--profile", "alpha-web-admin", "--query", "Arn", "--output", "text"])
            #expect(call.status == 0, "\(call.output)")
            #expect(call.stdout.contains("assumed-role/web-admin/\(E2EEstate.alice)"))
        }

        @Test func fileWritesOneProfileAndKeepsTheOthers() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let existing = "# static keys\n[default]\naws_access_key_id = AKIASTATIC\naws_secret_access_key = s\n\n[prod]\naws_access_key_id = AKIAPROD\naws_secret_access_key = p\n"
            try home.write(existing, to: home.awsCredentials)

            let written = try await home.portico(["file", E2EEstate.webAdmin.arn, "-p", "dev"])
            #expect(written.status == 0, "\(written.output)")
            let text = try home.read(home.awsCredentials)
            #expect(text.hasPrefix(existing))
            #expect(text.contains("[dev]\naws_access_key_id = ASIA"))
            #expect(text.contains("expiration = "))

            // An existing profile is not overwritten without -f when nobody can be asked.
            let refused = try await home.portico(["file", E2EEstate.webAdmin.arn, "-p", "prod"])
            #expect(refused.status == 2, "\(refused.output)")
            #expect(try home.read(home.awsCredentials) == text)

            let call = try await home.run("aws", ["sts", "get-caller-identity", "--profile", "dev", "--query", "Arn", "--output", "text"])
            #expect(call.status == 0, "\(call.output)")
            #expect(call.stdout.contains("assumed-role/web-admin/\(E2EEstate.alice)"))
        }

        @Test func exportedCredentialsWorkInBash() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let script = "eval \"$(portico export \(E2EEstate.webAdmin.arn))\" && aws sts get-caller-identity --query Arn --output text"
            let result = try await home.run("bash", ["-c", script], environment: ["SHELL": "/bin/bash"])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "arn:aws:sts::\(E2EEstate.alpha):assumed-role/web-admin/\(E2EEstate.alice)")
        }
    }
}
