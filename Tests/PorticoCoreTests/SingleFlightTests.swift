import PorticoCore
import PorticoTestSupport
import Synchronization
import Testing

/// One run per key at a time: callers arriving during a run share its result (success or typed
/// failure), keys run apart, and a finished run is forgotten so the next caller starts anew.
@Suite struct SingleFlightTests {
    struct Refused: Error, Equatable { let attempt: Int }

    final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int { value.withLock { $0 += 1; return $0 } }
        var current: Int { value.withLock { $0 } }
    }

    @Test func callersDuringARunShareItsResult() async throws {
        let flights = SingleFlight<String, Int, Never>()
        let gate = Gate(open: false)
        let runs = Counter()
        let first = flights.flight(for: "k") { await gate.wait(); return runs.next() }
        let second = flights.flight(for: "k") { runs.next() }
        #expect(first.role == .started && second.role == .joined)
        #expect(flights.isRunning("k") && flights.count == 1)
        await gate.open()
        #expect(await first.flight.value.get() == 1)
        #expect(await second.flight.value.get() == 1)
        #expect(runs.current == 1)
    }

    @Test func aFinishedRunIsForgotten() async throws {
        let flights = SingleFlight<String, Int, Never>()
        let runs = Counter()
        #expect(await flights.value(for: "k") { runs.next() } == (1, .started))
        try await awaitCondition("the run is forgotten") { !flights.isRunning("k") }
        #expect(await flights.value(for: "k") { runs.next() }.value == 2)
    }

    @Test func keysRunApart() async throws {
        let flights = SingleFlight<String, String, Never>()
        let gate = Gate(open: false)
        let a = flights.flight(for: "a") { await gate.wait(); return "a" }
        let b = flights.flight(for: "b") { "b" }
        #expect(a.role == .started && b.role == .started)
        #expect(await b.flight.value.get() == "b")
        await gate.open()
        #expect(await a.flight.value.get() == "a")
    }

    @Test func aTypedFailureReachesEveryCaller() async throws {
        let flights = SingleFlight<String, Int, Refused>()
        let gate = Gate(open: false)
        let first = flights.flight(for: "k") { () async throws(Refused) -> Int in
            await gate.wait()
            throw Refused(attempt: 1)
        }
        let second = flights.flight(for: "k") { 0 }
        await gate.open()
        #expect(await first.flight.value == .failure(Refused(attempt: 1)))
        #expect(await second.flight.value == .failure(Refused(attempt: 1)))
    }
}
