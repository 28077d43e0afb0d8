import Logging
import NIOCore
import Proto
import Synchronization

/// Shared secrets, loggers and messages for the RPC tests.
enum RPCTestFixtures {
    static let sharedSecret = "rpc-tests-shared-secret"
    static let logger = Logger(label: "proto-tests") { _ in SwiftLogNoOpLogHandler() }

    static func verifier(clients: [String: String] = [:]) throws -> ServiceTokenVerifier {
        try ServiceTokenVerifier(sharedSecret: sharedSecret, clients: clients)
    }

    static func issuer(identity: String = "gateway", secret: String = sharedSecret) throws -> ServiceTokenIssuer {
        try ServiceTokenIssuer(identity: identity, secret: secret)
    }
}

/// A hand-made `ProtoMessage` for the tests (independent of generated code): UTF-8 text whose
/// "protobuf encoding" is its bytes. Decoding rejects invalid UTF-8 as generated types reject
/// malformed input.
struct TextMessage: ProtoMessage {
    var text: String

    init(_ text: String) { self.text = text }

    init(protobufBytes: [UInt8]) throws {
        guard let text = String(validating: protobufBytes, as: UTF8.self) else {
            throw RPCError(.invalidArgument, "text is not valid UTF-8")
        }
        self.text = text
    }

    func protobufBytes() throws -> [UInt8] { Array(text.utf8) }
}

/// A one-shot signal a handler fires and a test awaits (instead of sleeping). Waiting ends
/// early when the waiting task is cancelled.
final class TestSignal: Sendable {
    private struct State {
        var fired = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }

    var hasFired: Bool { state.withLock { $0.fired } }

    func wait() async {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state in
                    if state.fired || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}

/// An application error that says which status it is.
struct QuotaExceeded: Error, RPCErrorConvertible {
    var rpcError: RPCError { RPCError(.resourceExhausted, "quota exceeded for the test") }
}

/// An error the server must not leak.
struct DatabaseMeltdown: Error, CustomStringConvertible {
    var description: String { "connection string postgres://admin:hunter2@db" }
}

/// The methods of the in-process test service.
enum EchoMethods {
    static let echo = "portico.test.Echo/Echo"
    static let say = RPCMethod<TextMessage, TextMessage>(name: "portico.test.Echo/Say", isIdempotent: true)
    static let sayOnce = RPCMethod<TextMessage, TextMessage>(name: "portico.test.Echo/SayOnce", isIdempotent: false)
    static let whoami = RPCMethod<TextMessage, TextMessage>(name: "portico.test.Echo/Whoami", isIdempotent: true)
    static let fail = RPCMethod<TextMessage, TextMessage>(name: "portico.test.Echo/Fail", isIdempotent: false)
    static let hang = RPCMethod<TextMessage, TextMessage>(name: "portico.test.Echo/Hang", isIdempotent: false)
    static let slow = RPCMethod<TextMessage, TextMessage>(name: "portico.test.Echo/Slow", isIdempotent: false)
    static let caller = RPCMethod<TextMessage, TextMessage>(name: "portico.test.Echo/Caller", isIdempotent: true)

    /// Echo, Say, Whoami (`name`), Fail (by request text), Caller (the caller's identity and
    /// request id), Hang (waits for cancellation: fires `started`, then `cancelled` when its task is
    /// cancelled) and Slow (fires `started`, waits for `release`, then answers).
    static func router(
        name: String = "server", started: TestSignal? = nil, cancelled: TestSignal? = nil, release: TestSignal? = nil
    ) -> RPCRouter {
        var router = RPCRouter()
        router.register(echo) { request, _ in request }
        router.register(say) { request, _ in request }
        router.register(sayOnce) { request, _ in request }
        router.register(whoami) { _, _ in TextMessage(name) }
        router.register(caller) { _, context in
            TextMessage("\(context.caller.identity)|\(context.caller.kind)|\(context.requestID)|\(context.metadata["tenant"] ?? "")")
        }
        router.register(fail) { request, _ in
            switch request.text {
            case "convertible": throw QuotaExceeded()
            case "rpc-error": throw RPCError(.notFound, "no such thing")
            default: throw DatabaseMeltdown()
            }
        }
        router.register(hang) { _, _ in
            started?.fire()
            do {
                try await Task.sleep(for: .seconds(3600))
            } catch is CancellationError {
                cancelled?.fire()
                throw CancellationError()
            }
            return TextMessage("woke up")
        }
        router.register(slow) { request, _ in
            started?.fire()
            await release?.wait()
            return request
        }
        return router
    }
}
