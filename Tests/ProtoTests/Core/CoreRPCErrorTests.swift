import Proto
import Testing

/// `RPCError`: a code, a message for the caller and, where it was raised, the cause.
@Suite("Core: RPCError")
struct CoreRPCErrorTests {
    struct DiskFull: Error, CustomStringConvertible {
        var description: String { "disk full" }
    }

    @Test("the cause is kept and described, but errors are equal by code and message alone")
    func cause() throws {
        let caused = RPCError(.unavailable, "storage is down", cause: DiskFull())
        #expect(caused.cause is DiskFull)
        #expect(caused.description == "UNAVAILABLE: storage is down (cause: disk full)")
        #expect(RPCError(.unavailable, "storage is down").cause == nil)
        #expect(RPCError(.unavailable, "storage is down").description == "UNAVAILABLE: storage is down")
        #expect(caused == RPCError(.unavailable, "storage is down"))
        #expect(caused != RPCError(.internal, "storage is down"))
        #expect(Set([caused, RPCError(.unavailable, "storage is down")]).count == 1)
    }

    @Test("a handler's unknown error reaches the caller as INTERNAL without its text, the cause staying behind")
    func causeStaysOnTheServer() async throws {
        try await withRPCServer { server in
            try await withRPCClient(endpoints: [server.endpoint]) { client in
                let error = await #expect(throws: RPCError.self) { try await client.call(EchoMethods.fail, TextMessage("other")) }
                #expect(error == RPCError(.internal, "internal error"))
                #expect(error?.cause == nil)
            }
        }
    }
}
