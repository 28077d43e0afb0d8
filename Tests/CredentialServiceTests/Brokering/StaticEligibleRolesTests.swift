import CredentialService
import Testing

/// The in-memory eligible-role table.
@Suite struct StaticEligibleRolesTests {
    let table = StaticEligibleRoles(
        grants: [
            "Engineering": .init(roles: ["arn:aws:iam::111111111111:role/a"], cliOnlyRoles: ["arn:aws:iam::111111111111:role/b"]),
            "oncall": .init(roles: ["arn:aws:iam::111111111111:role/b"]),
            "alice@example.com": .init(cliOnlyRoles: ["arn:aws:iam::111111111111:role/c"]),
        ],
        maxSessionDurations: ["ARN:AWS:IAM::111111111111:ROLE/A": 7200])

    @Test func rolesComeFromTheUserAndEachGroupWhateverTheirCase() async throws {
        let roles = try await table.eligibleRoles(user: "Alice@Example.com", groups: ["engineering"])
        #expect(roles == [
            EligibleRole(arn: "arn:aws:iam::111111111111:role/a", cliOnly: false),
            EligibleRole(arn: "arn:aws:iam::111111111111:role/b", cliOnly: true),
            EligibleRole(arn: "arn:aws:iam::111111111111:role/c", cliOnly: true),
        ])
        #expect(try await table.eligibleRoles(user: "bob@example.com", groups: ["sales"]).isEmpty)
    }

    @Test func aConsoleGrantWinsOverACLIOnlyGrantOfTheSameRole() async throws {
        for groups in [["engineering", "oncall"], ["oncall", "engineering"]] {
            let roles = try await table.eligibleRoles(user: "bob@example.com", groups: groups)
            #expect(roles.first { $0.arn.hasSuffix("/b") }?.cliOnly == false)
        }
    }

    @Test func maximumSessionDurationsAreLookedUpByARNWithoutRegardToCase() async throws {
        #expect(try await table.maxSessionDuration(roleARN: "arn:aws:iam::111111111111:role/a") == 7200)
        #expect(try await table.maxSessionDuration(roleARN: "arn:aws:iam::111111111111:role/b") == nil)
    }
}
