import CredentialService
import Testing

/// ConsoleMe's role matching: exact ARN first, then substrings of ARNs and account names.
@Suite struct RoleMatcherTests {
    let matcher = RoleMatcher(
        eligibleRoles: [
            "arn:aws:iam::111111111111:role/engineer",
            "arn:aws:iam::222222222222:role/engineer",
            "arn:aws:iam::222222222222:role/engineer-admin",
            "arn:aws:iam::333333333333:role/service-role/deployer",
        ],
        accountNames: ["111111111111": "prod", "222222222222": "staging", "333333333333": "sandbox"])

    @Test func exactARNWinsCaseInsensitivelyEvenWhenItIsASubstringOfAnother() {
        #expect(matcher.match("ARN:AWS:IAM::222222222222:ROLE/ENGINEER") == .matched("arn:aws:iam::222222222222:role/engineer"))
    }

    @Test func aUniqueFragmentMatches() {
        #expect(matcher.match("deployer") == .matched("arn:aws:iam::333333333333:role/service-role/deployer"))
        #expect(matcher.match("  engineer-ADMIN ") == .matched("arn:aws:iam::222222222222:role/engineer-admin"))
    }

    @Test func anAccountNameSelectsTheRolesInThatAccount() {
        #expect(matcher.match("prod") == .matched("arn:aws:iam::111111111111:role/engineer"))
        #expect(matcher.match("staging") == .ambiguous([
            "arn:aws:iam::222222222222:role/engineer", "arn:aws:iam::222222222222:role/engineer-admin",
        ]))
    }

    @Test func aFragmentMatchingSeveralRolesIsAmbiguousAndListsThem() {
        guard case let .ambiguous(roles) = matcher.match("engineer") else {
            Issue.record("expected ambiguous")
            return
        }
        #expect(roles.count == 3)
    }

    @Test func nothingEligibleIsNoMatch() {
        #expect(matcher.match("arn:aws:iam::999999999999:role/engineer") == .noMatch)
        #expect(matcher.match("") == .noMatch)
        #expect(RoleMatcher(eligibleRoles: [], accountNames: [:]).match("engineer") == .noMatch)
    }
}
