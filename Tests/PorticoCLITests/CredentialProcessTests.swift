import Foundation
import PorticoStackSupport
import PorticoTestSupport
import Testing

extension CLIEndToEndTests {
    /// `portico credential_process` through the real AWS CLI against signature-checking moto:
    /// cached per role, so the AWS CLI calling it on every command costs one gateway call.
    @Suite struct CredentialProcessTests {
        static let webAdminIdentity = "arn:aws:sts::\(E2EEstate.alpha):assumed-role/web-admin/\(E2EEstate.alice)"

        @Test func twentyAWSCLICallsThroughACredentialProcessProfileMakeOneGatewayCall() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let portico = try RunningPortico.require()
            try home.write("""
                [profile dev]
                credential_process = \(try home.porticoPath) credential_process \(E2EEstate.webAdmin.arn)
                region = us-east-1

                """, to: home.awsConfig)
            let before = try await portico.credentialCalls()
            for call in 1...20 {
                let result = try await home.run("aws", ["sts", "get-caller-identity", "--profile", "dev", "--query", "Arn", "--output", "text"])
                #expect(result.status == 0, "call \(call): \(result.output)")
                #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == Self.webAdminIdentity, "call \(call)")
            }
            #expect(try await portico.credentialCalls() - before == 1)
        }

        @Test func theOutputIsTheCredentialProcessJSONWithAnRFC3339UTCExpiration() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let result = try await home.portico(["credential_process", E2EEstate.webAdmin.arn])
            #expect(result.status == 0, "\(result.output)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["Version"] as? Int == 1)
            #expect((object["AccessKeyId"] as? String)?.isEmpty == false)
            let expiration = try #require(object["Expiration"] as? String)
            #expect(expiration.hasSuffix("Z"))
            #expect(ISO8601DateFormatter().date(from: expiration).map { $0 > Date() } == true)
            // The cache file is the owner's only.
            let files = try FileManager.default.contentsOfDirectory(atPath: home.cacheDirectory)
            let file = try #require(files.first)
            let mode = try FileManager.default.attributesOfItem(atPath: home.cacheDirectory + "/" + file)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }

        @Test func aCacheEntryNearExpiryIsRefreshedFromTheGateway() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let portico = try RunningPortico.require()
            let first = try await home.portico(["credential_process", E2EEstate.webAdmin.arn])
            #expect(first.status == 0, "\(first.output)")
            // Five minutes left: inside the 10-minute margin.
            let files = try FileManager.default.contentsOfDirectory(atPath: home.cacheDirectory)
            let path = home.cacheDirectory + "/" + (try #require(files.first))
            var entry = try #require(try JSONSerialization.jsonObject(with: Data(try home.read(path).utf8)) as? [String: Any])
            entry["access_key_id"] = "ASIANEAREXPIRY000000"
            entry["expiration"] = Int(Date().timeIntervalSince1970) + 300
            try JSONSerialization.data(withJSONObject: entry).write(to: URL(fileURLWithPath: path))

            let before = try await portico.credentialCalls()
            let second = try await home.portico(["credential_process", E2EEstate.webAdmin.arn])
            #expect(second.status == 0, "\(second.output)")
            #expect(!second.stdout.contains("ASIANEAREXPIRY000000"))
            #expect(try await portico.credentialCalls() - before == 1)
        }

        @Test func anExpiredSessionWithNoTerminalAsksToLogIn() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            var session = try #require(try JSONSerialization.jsonObject(with: Data(try home.read(home.sessionFile).utf8)) as? [String: Any])
            session["expiration"] = Int(Date().timeIntervalSince1970) - 10
            try JSONSerialization.data(withJSONObject: session).write(to: URL(fileURLWithPath: home.sessionFile))

            let result = try await home.portico(["file", E2EEstate.webAdmin.arn, "-p", "dev"])
            #expect(result.status == 3, "\(result.output)")
            #expect(result.stderr.contains("expired"))
            #expect(result.stderr.contains("portico login"))
            #expect(!FileManager.default.fileExists(atPath: home.awsCredentials))
        }

        @Test func anAmbiguousFragmentListsTheMatchingRoles() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let result = try await home.portico(["credential_process", "analytics"])
            #expect(result.status == 4)
            #expect(result.stderr.contains("901"))
            #expect(result.stderr.contains(E2EEstate.analyticsReader.arn))
            #expect(result.stderr.contains(E2EEstate.analyticsWriter.arn))
            #expect(result.stdout.isEmpty)
        }
    }
}
