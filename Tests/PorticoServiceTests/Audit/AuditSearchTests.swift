import PorticoService
import PorticoTestSupport
import Testing

extension AuditServerTests {
    /// `audit search` answers from the archive: by user, by role (ARN or name), since a time.
    @Suite struct Search {
        @Test func findsTheArchivedEventsOfAUserAboutARoleSinceATime() async throws {
            let stage = try AuditStage.require()
            let (stream, prefix) = AuditStage.unique("search")
            let archive = stage.archive(prefix: prefix)
            let archiver = stage.archiver(stream, archive: archive, maxLength: 100)
            try await stage.record(3, on: stream, user: "alice@example.com", role: "arn:aws:iam::111111111111:role/dev")
            try await stage.record(2, on: stream, user: "bob@example.com", role: "arn:aws:iam::222222222222:role/prod")
            try await archiver.archivePass(AuditArchiver.Stream(name: stream, maxLength: 100))
            let search = AuditSearch(archive: archive)

            let bob = try await search.events(stream: stream, matching: AuditQuery(user: "bob@example.com"))
            #expect(bob.map(\.seq) == [4, 5])
            let prod = try await search.events(stream: stream, matching: AuditQuery(role: "prod"))
            #expect(prod.map(\.seq) == [4, 5])
            let aliceProd = try await search.events(stream: stream, matching: AuditQuery(user: "alice@example.com", role: "prod"))
            #expect(aliceProd.isEmpty)
            let all = try await search.events(stream: stream, matching: AuditQuery())
            let since = try #require(all.last?.at)
            let recent = try await search.events(stream: stream, matching: AuditQuery(since: since))
            #expect(recent.map(\.seq).contains(5))
            #expect(recent.allSatisfy { $0.at >= since })
            let future = try await search.events(stream: stream, matching: AuditQuery(since: since + 60_000))
            #expect(future.isEmpty)
        }
    }
}
