public import Logging
import Synchronization

/// Whether this process should be given work now: ready while every dependency it registered
/// (Redis, each Portico service it calls, DynamoDB for requests) answers within the timeout, and
/// not draining (`beginDraining()`, or the process's `DrainPhase`). `ServiceHost` registers Redis and every RPC client it makes; `Health/Check` and
/// the gateway's `/readyz` answer from `report()`. A check that fails is logged when it starts
/// failing and when it recovers, not on every probe.
public final class Readiness: Sendable {
    /// One thing the service needs answering: `check` returns when it does, throws when not.
    public struct Dependency: Sendable {
        public let name: String
        public let check: @Sendable () async throws -> Void

        public init(name: String, check: @escaping @Sendable () async throws -> Void) {
            self.name = name
            self.check = check
        }
    }

    private struct State {
        var dependencies: [Dependency] = []
        var isDraining = false
        /// The names whose last check failed (to log transitions only).
        var failing: Set<String> = []
    }

    private let state = Mutex(State())
    /// How long one check may take before it counts as not answering.
    public let timeout: Duration
    private let logger: Logger

    public init(timeout: Duration = .seconds(2), logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    /// Adds a dependency (a second one of the same name replaces the first).
    public func add(_ name: String, check: @escaping @Sendable () async throws -> Void) {
        state.withLock { state in
            state.dependencies.removeAll { $0.name == name }
            state.dependencies.append(Dependency(name: name, check: check))
        }
    }

    /// The names of the dependencies, in the order they were added.
    public var dependencyNames: [String] { state.withLock { $0.dependencies.map(\.name) } }

    /// From now on the process reports not-ready (graceful shutdown has begun).
    public func beginDraining() {
        let first = state.withLock { state in
            defer { state.isDraining = true }
            return !state.isDraining
        }
        if first { logger.info("draining: reporting not ready") }
    }

    /// Draining: `beginDraining()` was called, or the process is draining (`DrainPhase`).
    public var isDraining: Bool { state.withLock { $0.isDraining } || ProcessDrain.shared.hasBegun }

    /// Runs every check at once, each for at most `timeout`.
    public func report() async -> ReadinessReport {
        let dependencies = state.withLock { $0.dependencies }
        let isDraining = self.isDraining
        let timeout = self.timeout
        let problems = await withTaskGroup(of: (Int, String?).self) { group in
            for (index, dependency) in dependencies.enumerated() {
                group.addTask { (index, await Self.problem(of: dependency, within: timeout)) }
            }
            var problems = [String?](repeating: nil, count: dependencies.count)
            for await (index, problem) in group { problems[index] = problem }
            return problems
        }
        let checks = zip(dependencies, problems).map { ReadinessReport.Check(name: $0.name, problem: $1) }
        logTransitions(checks)
        return ReadinessReport(isDraining: isDraining, checks: checks)
    }

    /// Whether the process is ready now (see `report()`).
    public func isReady() async -> Bool {
        if isDraining { return false }
        return await report().isReady
    }

    /// Nil when `dependency` answers within `timeout`; else what went wrong. The check runs in
    /// a task of its own, so one that ignores cancellation still cannot hold the answer back.
    static func problem(of dependency: Dependency, within timeout: Duration) async -> String? {
        await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            let timer = Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { answer.resume("no answer within \(timeout)") }
            }
            let work = Task {
                defer { timer.cancel() }
                do {
                    try await dependency.check()
                    answer.resume(nil)
                } catch {
                    answer.resume("\(error)")
                }
            }
            answer.onTimeout { work.cancel() }
        }
    }

    private func logTransitions(_ checks: [ReadinessReport.Check]) {
        let changes = state.withLock { state in
            var changes: [ReadinessReport.Check] = []
            for check in checks {
                let wasFailing = state.failing.contains(check.name)
                if check.problem != nil, !wasFailing {
                    state.failing.insert(check.name)
                    changes.append(check)
                } else if check.problem == nil, wasFailing {
                    state.failing.remove(check.name)
                    changes.append(check)
                }
            }
            return changes
        }
        for change in changes {
            if let problem = change.problem {
                logger.warning("dependency not ready", metadata: ["dependency": "\(change.name)", "problem": "\(problem)"])
            } else {
                logger.info("dependency ready again", metadata: ["dependency": "\(change.name)"])
            }
        }
    }
}

/// What `Readiness.report()` found: each dependency's problem (nil when it answered) and
/// whether the process is draining.
public struct ReadinessReport: Sendable, Equatable {
    public struct Check: Sendable, Equatable {
        public var name: String
        public var problem: String?

        public init(name: String, problem: String?) {
            self.name = name
            self.problem = problem
        }
    }

    public var isDraining: Bool
    public var checks: [Check]

    public init(isDraining: Bool, checks: [Check]) {
        self.isDraining = isDraining
        self.checks = checks
    }

    /// Not draining, and every dependency answered.
    public var isReady: Bool { !isDraining && checks.allSatisfy { $0.problem == nil } }
}

/// The first of a check's and its timer's answers, handed to the waiting continuation once;
/// a timeout also cancels the check.
private final class FirstAnswer: Sendable {
    private struct State {
        var continuation: CheckedContinuation<String?, Never>?
        var cancelWork: (@Sendable () -> Void)?
    }

    private let state: Mutex<State>

    init(_ continuation: CheckedContinuation<String?, Never>) {
        state = Mutex(State(continuation: continuation))
    }

    /// What to do when the timer answers first.
    func onTimeout(_ cancel: @escaping @Sendable () -> Void) {
        let answered = state.withLock { state in
            state.cancelWork = cancel
            return state.continuation == nil
        }
        if answered { cancel() }
    }

    func resume(_ answer: String?) {
        let (continuation, cancel) = state.withLock { state in
            defer { state.continuation = nil }
            return (state.continuation, state.cancelWork)
        }
        guard let continuation else { return }
        continuation.resume(returning: answer)
        if answer != nil { cancel?() }
    }
}
