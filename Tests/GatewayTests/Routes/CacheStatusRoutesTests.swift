import Proto
import Testing

@testable import Gateway

/// `CacheStatusRoutes.ordered`: what the cache status page shows first.
@Suite struct CacheStatusRoutesTests {
    private let now: Int64 = 10_000_000_000
    private let intervals = ["iam": 100, "s3": 1000]

    private func scope(_ account: String, _ kind: String, agoSeconds: Int64?, error: String = "") -> CacheScopeStatus {
        var scope = CacheScopeStatus()
        scope.accountID = account
        scope.kind = kind
        scope.lastSuccessUnixMs = agoSeconds.map { now - $0 * 1000 } ?? 0
        scope.itemCount = 3
        scope.lastError = error
        return scope
    }

    @Test func neverSweptThenStaleThenMostLateComeFirst() {
        let ordered = CacheStatusRoutes.ordered([
            scope("111111111111", "iam", agoSeconds: 50),
            scope("222222222222", "s3", agoSeconds: 2500, error: "AccessDenied"),
            scope("333333333333", "iam", agoSeconds: nil),
            scope("444444444444", "s3", agoSeconds: 900),
            scope("555555555555", "iam", agoSeconds: 300),
        ], now: now, intervals: intervals)
        #expect(ordered.map(\.accountID) == ["333333333333", "555555555555", "222222222222", "444444444444", "111111111111"])
        #expect(ordered.map(\.stale) == [true, true, true, false, false])
        #expect(ordered[0].ageSeconds == nil && ordered[0].lastSuccessUnixMs == nil)
        #expect(ordered[2].lastError == "AccessDenied" && ordered[2].ageSeconds == 2500 && ordered[2].intervalSeconds == 1000)
        #expect(ordered[4].lastError == nil)
    }

    @Test func aKindWithoutAConfiguredIntervalUsesAnHour() {
        let ordered = CacheStatusRoutes.ordered([scope("111111111111", "config", agoSeconds: 7000)], now: now, intervals: intervals)
        #expect(ordered[0].intervalSeconds == 3600)
        #expect(!ordered[0].stale)
    }
}
