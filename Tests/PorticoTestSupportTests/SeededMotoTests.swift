import Logging
import PorticoAWS
import PorticoHTTP
import PorticoTestSupport
import Testing

/// The seeded-moto fixture makes what its estate says, spends the unsigned-call budget exactly,
/// and fills accounts of an unchecked moto with what `AccountContents` names.
@Suite struct SeededMotoTests {
    static let logger = Logger(label: "portico.tests.seeded-moto") { _ in SwiftLogNoOpLogHandler() }

    /// Starts `estate`, runs `body`, and stops moto and the client afterwards, even on error.
    func withSeededMoto(_ estate: SeededMoto.Estate, _ body: (SeededMoto, HTTPClient) async throws -> Void) async throws {
        let http = HTTPClient(configuration: .defaults, logger: Self.logger)
        do {
            let moto = try await SeededMoto.start(estate, http: http, logger: Self.logger)
            // stop() waits for the process: off the cooperative pool, whose two threads every
            // other running test needs.
            do {
                try await body(moto, http)
            } catch {
                try await runBlocking { moto.stop() }
                throw error
            }
            try await runBlocking { moto.stop() }
        } catch {
            await http.shutdown()
            throw error
        }
        await http.shutdown()
    }

    @Test func aSignedEstateHasItsTaggedRolesAndRefusesUnsignedCallsAfterTheBootstrap() async throws {
        let role = SeededMoto.Role(account: "111111111111", name: "engineering-admin", tags: ["consoleme-authorized": "eng"])
        let estate = SeededMoto.Estate(spokeAccounts: ["111111111111", "222222222222"], roles: [role])
        #expect(estate.unsignedCalls == 3 + 2 * 2 + 1)
        try await withSeededMoto(estate) { moto, http in
            let identity = try await moto.sts(signingWith: moto.hubKey, http: http, logger: Self.logger).getCallerIdentity()
            #expect(identity.arn == "arn:aws:iam::\(SeededMoto.hubAccount):user/portico-hub")
            let iam = moto.iam(inAccount: role.account, http: http, logger: Self.logger)
            #expect(try await iam.listRoleTags(name: role.name) == [AWSTag(key: "consoleme-authorized", value: "eng")])
            let refused = await #expect(throws: AWSError.self) {
                _ = try await IAMClient(client: moto.client(account: role.account)).getRole(name: role.name)
            }
            #expect(refused?.statusCode == 403, "the budget was spent exactly: the next unsigned call is checked")
        }
    }

    @Test func anUncheckedMotoIsFilledWithTheAccountContents() async throws {
        try await withSeededMoto(.unsigned) { moto, _ in
            let account = "333333333333"
            let contents = SeededMoto.AccountContents(
                roles: [.init(name: "reader", tags: ["env": "dev"])], buckets: 1, queues: 1, topics: 1)
            try await moto.seed(contents, accounts: [account])
            let client = moto.client(account: account)
            let reader = try await IAMClient(client: client).getRole(name: "reader")
            #expect(reader.arn == SeededMoto.AccountContents.roleARN(account, "reader"))
            let bucket = SeededMoto.AccountContents.bucketName(account, 0)
            let tags = try await S3Client(client: client).getBucketTagging(bucket: bucket)
            #expect(Set(tags) == [AWSTag(key: "team", value: "storage"), AWSTag(key: "index", value: "0")])
        }
    }
}
