import CredentialService
import Testing

/// Session names STS accepts, derived from the user's email.
@Suite struct SessionNameTests {
    @Test func anOrdinaryEmailIsKept() {
        #expect(SessionName.forUser("alice.smith+ops@example.com") == "alice.smith+ops@example.com")
    }

    @Test func disallowedCharactersBecomeDashes() {
        #expect(SessionName.forUser("bob o'neil/ü@example.com") == "bob-o-neil--@example.com")
    }

    @Test func theNameIsCutTo64AndPaddedTo2() {
        #expect(SessionName.forUser(String(repeating: "a", count: 100)).count == 64)
        #expect(SessionName.forUser("x") == "x-")
        #expect(SessionName.forUser("") == "--")
    }
}
