public import Testing

/// Servers (or any started state) that one test suite starts once and shares among its tests:
/// the suite carries `SuiteFixtureTrait<Self>`, which starts the fixture before its first test
/// and stops it after its last, and its tests read it through `current` or `require()`.
public protocol SuiteFixture: Sendable {
    /// Starts everything the fixture holds; on error, stops what it had started.
    static func start() async throws -> Self
    /// Stops everything the fixture holds.
    func stop() async
}

extension SuiteFixture {
    /// The fixture the enclosing suite's trait started, or nil outside such a suite.
    public static var current: Self? {
        RunningSuiteFixtures.current[ObjectIdentifier(Self.self)] as? Self
    }

    /// The fixture the enclosing suite's trait started; records an issue and throws outside such
    /// a suite.
    public static func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> Self {
        try #require(
            current, "a SuiteFixtureTrait<\(Self.self)> on an enclosing suite provides it", sourceLocation: sourceLocation)
    }
}

/// The suite trait that starts a `Fixture` around a suite, makes it the fixture's `current` for
/// every test inside (nested suites included), and stops it afterwards, whether the tests passed,
/// failed or threw.
public struct SuiteFixtureTrait<Fixture: SuiteFixture>: SuiteTrait, TestScoping {
    public init() {}

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let fixture = try await Fixture.start()
        var running = RunningSuiteFixtures.current
        running[ObjectIdentifier(Fixture.self)] = fixture
        do {
            try await RunningSuiteFixtures.$current.withValue(running) { try await function() }
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }
}

/// The fixtures started by the suite traits around the running test, by fixture type. One
/// task-local serves every fixture type, since a generic type cannot hold a static one.
private enum RunningSuiteFixtures {
    @TaskLocal static var current: [ObjectIdentifier: any Sendable] = [:]
}
