import Foundation
import PorticoHTTP
import PorticoStackSupport
import PorticoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension CLIEndToEndTests {
    /// `portico serve` as boto3 uses it: the ECS container provider (token required) and, with a
    /// role, the EC2 instance metadata service over IMDSv2; browser-looking requests refused.
    @Suite struct ServeTests {
        /// boto3 resolving credentials by its default chain, then calling STS (signature-checked by moto).
        static let callerIdentity = """
            import boto3, sys
            session = boto3.session.Session(region_name="us-east-1")
            print(session.get_credentials().method, file=sys.stderr)
            print(session.client("sts").get_caller_identity()["Arn"])
            """

        /// A running `portico serve` and what it printed to use it.
        struct Served {
            let process: ManagedProcess
            let base: String
            let token: String
        }

        static func serve(_ home: CLIHome, role: String? = nil) async throws -> Served {
            let process = try ManagedProcess(
                executable: try home.porticoPath, arguments: ["serve", "-p", "0"] + (role.map { [$0] } ?? []),
                environment: home.environment, name: "cli-serve")
            try process.start()
            var exports: [String: String] = [:]
            try await awaitCondition("portico serve prints its exports", timeout: 30, every: 0.1) {
                for line in process.tail(lines: 20).split(separator: "\n") where line.hasPrefix("export ") {
                    let assignment = line.dropFirst("export ".count)
                    guard let equals = assignment.firstIndex(of: "=") else { continue }
                    exports[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
                }
                return exports["AWS_CONTAINER_AUTHORIZATION_TOKEN"] != nil || !process.isRunning
            }
            let uri = try #require(exports["AWS_CONTAINER_CREDENTIALS_FULL_URI"], "portico serve: \(process.tail())")
            let token = try #require(exports["AWS_CONTAINER_AUTHORIZATION_TOKEN"])
            let base = String(uri[..<(try #require(uri.range(of: "/ecs/"))).lowerBound])
            return Served(process: process, base: base, token: token)
        }

        @Test func boto3GetsCredentialsFromTheContainerEndpointOnlyWithTheToken() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let served = try await Self.serve(home)
            defer { served.process.stop() }
            let uri = served.base + "/ecs/" + E2EEstate.webAdmin.arn

            let withToken = try await home.python(Self.callerIdentity, environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN": served.token,
            ])
            #expect(withToken.status == 0, "\(withToken.output)")
            #expect(withToken.stderr.contains("container-role"))
            #expect(withToken.stdout.contains("assumed-role/web-admin/\(E2EEstate.alice)"))

            let withoutToken = try await home.python(Self.callerIdentity, environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri])
            #expect(withoutToken.status != 0)
            #expect(!withoutToken.stdout.contains("assumed-role"))

            let wrongToken = try await home.python(Self.callerIdentity, environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN": String(served.token.reversed()),
            ])
            #expect(wrongToken.status != 0)
        }

        @Test func boto3GetsCredentialsFromTheInstanceMetadataServiceOverIMDSv2() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let served = try await Self.serve(home, role: E2EEstate.webAdmin.arn)
            defer { served.process.stop() }
            let result = try await home.python(Self.callerIdentity, environment: [
                "AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": served.base + "/",
                "AWS_EC2_METADATA_V1_DISABLED": "true",
            ])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.stderr.contains("iam-role"))
            #expect(result.stdout.contains("assumed-role/web-admin/\(E2EEstate.alice)"))
        }

        @Test func withEnforceIMDSv2ARequestWithoutATokenIsRefused() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            try home.write("url: \(home.portico.gatewayURL)\nenforce_imdsv2: true\n", to: home.home + "/.config/portico/config.yaml")
            let served = try await Self.serve(home, role: E2EEstate.webAdmin.arn)
            defer { served.process.stop() }
            let http = try RunningPortico.require().http
            let credentialsPath = served.base + "/latest/meta-data/iam/security-credentials/web-admin"
            let v1 = try await http.execute(.init(url: credentialsPath))
            #expect(v1.status == 401)
            let token = try await http.execute(.init(
                method: "PUT", url: served.base + "/latest/api/token", headers: .init([("X-aws-ec2-metadata-token-ttl-seconds", "60")])))
            let v2 = try await http.execute(.init(url: credentialsPath, headers: .init([("X-aws-ec2-metadata-token", token.bodyText)])))
            #expect(v2.status == 200)
            #expect(v2.bodyText.contains("\"Type\":\"AWS-HMAC\""))
        }

        @Test func requestsThatLookLikeABrowsersAreRefused() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let served = try await Self.serve(home, role: E2EEstate.webAdmin.arn)
            defer { served.process.stop() }
            let http = try RunningPortico.require().http
            let tokenPath = served.base + "/latest/api/token"
            let ttl = ("X-aws-ec2-metadata-token-ttl-seconds", "300")

            let plain = try await http.execute(.init(method: "PUT", url: tokenPath, headers: .init([ttl])))
            #expect(plain.status == 200)
            #expect(plain.headers["X-aws-ec2-metadata-token-ttl-seconds"] == "300")
            let token = plain.bodyText
            let credentialsPath = served.base + "/latest/meta-data/iam/security-credentials/web-admin"
            let allowed = try await http.execute(.init(url: credentialsPath, headers: .init([("X-aws-ec2-metadata-token", token)])))
            #expect(allowed.status == 200)

            for header in [("Referer", "http://evil.example/"), ("Origin", "http://evil.example"), ("Host", "evil.example"),
                           ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)")] {
                let put = try await http.execute(.init(method: "PUT", url: tokenPath, headers: .init([ttl, header])))
                #expect(put.status == 403, "PUT with \(header.0)")
                let get = try await http.execute(.init(url: credentialsPath, headers: .init([("X-aws-ec2-metadata-token", token), header])))
                #expect(get.status == 403, "GET with \(header.0)")
                #expect(!get.bodyText.contains("SecretAccessKey"))
                let ecs = try await http.execute(.init(url: served.base + "/ecs/" + E2EEstate.webAdmin.arn,
                    headers: .init([("Authorization", served.token), header])))
                #expect(ecs.status == 403, "ECS with \(header.0)")
            }
            let badTTL = try await http.execute(.init(method: "PUT", url: tokenPath, headers: .init([("X-aws-ec2-metadata-token-ttl-seconds", "21601")])))
            #expect(badTTL.status == 400)
            let unknownToken = try await http.execute(.init(url: credentialsPath, headers: .init([("X-aws-ec2-metadata-token", "nope")])))
            #expect(unknownToken.status == 401)
        }
    }
}
