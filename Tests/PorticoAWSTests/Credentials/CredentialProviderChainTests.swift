import Logging
import PorticoHTTP
import Testing

@testable import PorticoAWS

/// The chain's order and the sources that need no network: environment, static profiles, and
/// the profile errors (cycles, missing profiles). STS-backed sources are tested against moto.
@Suite struct CredentialProviderChainTests {
    /// Never used for a request here; released (and its thread stopped) with each test's suite instance.
    let http = HTTPClient(configuration: .defaults, logger: Logger(label: "test"))

    func context(_ variables: [String: String], files: [String: String] = [:]) -> CredentialSourceContext {
        let environment = CredentialEnvironment(
            variables: variables.merging(["AWS_EC2_METADATA_DISABLED": "true"]) { own, _ in own },
            homeDirectory: "/home/u", readFile: { files[$0].map { Array($0.utf8) } })
        // No source here reaches the network: the endpoint is unroutable on purpose.
        return CredentialSourceContext(
            environment: environment, configuration: AWSConfiguration(endpointURL: "http://127.0.0.1:9"),
            http: http, logger: Logger(label: "test"))
    }

    @Test func environmentVariablesWinOverProfiles() async throws {
        let chain = CredentialProviderChain.standard(context: context(
            ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token",
             "AWS_PROFILE": "dev"],
            files: ["/home/u/.aws/credentials": "[dev]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s"]))
        #expect(try await chain.credentials() == AWSCredentials(
            accessKeyID: "AKIAENV", secretAccessKey: "env-secret", sessionToken: "env-token"))
    }

    @Test func halfSetEnvironmentIsAnErrorNotASkip() async throws {
        let chain = CredentialProviderChain.standard(context: context(["AWS_ACCESS_KEY_ID": "AKIAENV"]))
        await #expect(throws: AWSCredentialsError.self) { _ = try await chain.credentials() }
    }

    @Test func staticProfileFromTheCredentialsFile() async throws {
        let chain = CredentialProviderChain.standard(context: context(
            ["AWS_PROFILE": "dev"],
            files: [
                "/home/u/.aws/credentials": "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = d\n"
                    + "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = dev-secret\naws_session_token = t",
            ]))
        #expect(try await chain.credentials() == AWSCredentials(
            accessKeyID: "AKIADEV", secretAccessKey: "dev-secret", sessionToken: "t"))
    }

    @Test func defaultProfileFromTheConfigFile() async throws {
        let chain = CredentialProviderChain.standard(context: context(
            [:], files: ["/home/u/.aws/config": "[default]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c"]))
        #expect(try await chain.credentials().accessKeyID == "AKIACONFIG")
    }

    @Test func sourceProfileCyclesAreDetected() async throws {
        let config = """
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/A
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::222222222222:role/B
            source_profile = c
            [profile c]
            role_arn = arn:aws:iam::333333333333:role/C
            source_profile = a
            """
        let source = ProfileCredentialSource(context: context(["AWS_PROFILE": "a"], files: ["/home/u/.aws/config": config]))
        await #expect(throws: AWSCredentialsError.profileCycle(["a", "b", "c", "a"])) { _ = try await source.load() }
    }

    @Test func profileErrorsNameTheProblem() async throws {
        let missing = ProfileCredentialSource(context: context(["AWS_PROFILE": "nope"]))
        await #expect(throws: AWSCredentialsError.profileNotFound("nope")) { _ = try await missing.load() }

        let files = ["/home/u/.aws/config": """
            [profile orphan]
            role_arn = arn:aws:iam::111111111111:role/A
            [profile process]
            credential_process = /bin/echo
            [profile brokensource]
            role_arn = arn:aws:iam::111111111111:role/A
            source_profile = ghost
            """]
        for (profile, expected) in [
            ("orphan", AWSCredentialsError.invalidProfile(
                profile: "orphan", reason: "role_arn needs source_profile, credential_source or web_identity_token_file")),
            ("process", .invalidProfile(profile: "process", reason: "credential_process is not supported")),
            ("brokensource", .profileNotFound("ghost")),
        ] {
            let source = ProfileCredentialSource(context: context(["AWS_PROFILE": profile], files: files))
            await #expect(throws: expected) { _ = try await source.load() }
        }
    }

    @Test func webIdentityWithAMissingTokenFileIsAnErrorNotASkip() async throws {
        let chain = CredentialProviderChain.standard(context: context([
            "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/secrets/missing",
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web",
        ]))
        await #expect(throws: AWSCredentialsError.sourceFailed(
            source: "web identity", reason: "token file /var/run/secrets/missing does not exist")
        ) { _ = try await chain.credentials() }
    }

    @Test func nothingConfiguredListsEverySourceTried() async throws {
        let chain = CredentialProviderChain.standard(context: context([:]))
        await #expect(throws: AWSCredentialsError.noCredentials(
            tried: ["environment", "profile default", "web identity", "container credentials endpoint", "IMDSv2"])
        ) { _ = try await chain.credentials() }
    }
}
