import Proto
import Testing

@Suite("Coding: generated method tables and catalog")
struct CodingMethodTableTests {
    @Test("methods carry their full wire names and message types")
    func methodNames() {
        let echo: RPCMethod<EchoRequest, EchoResponse> = HealthMethods.echo
        #expect(echo.name == "/portico.v1.Health/Echo")
        #expect(HealthMethods.check.name == "/portico.v1.Health/Check")
        #expect(HealthMethods.serviceName == "portico.v1.Health")
        #expect(HealthMethods.methodNames == ["/portico.v1.Health/Echo", "/portico.v1.Health/Check"])
    }

    @Test("idempotency comes from the standard idempotency_level option")
    func idempotency() {
        #expect(HealthMethods.echo.isIdempotent)
        #expect(HealthMethods.check.isIdempotent)
        #expect(!RPCMethod<EchoRequest, EchoResponse>(name: "/x.Y/Z", isIdempotent: false).isIdempotent)
    }

    @Test("the catalog lists every message type once, nested ones included, and every method")
    func catalog() {
        let names = ProtoCatalog.messageTypes.map { String(reflecting: $0) }
        #expect(Set(names).count == names.count)
        for expected in [EchoRequest.self, EchoRequest.Hop.self, HealthCheckResponse.self, Principal.self, StringValue.self]
            as [any ProtoMessage.Type]
        {
            #expect(names.contains(String(reflecting: expected)))
        }
        #expect(!names.contains { $0.hasSuffix("Entry") }, "map entries are not Swift types")
        #expect(ProtoCatalog.methodNames.contains("/portico.v1.Health/Echo"))
    }
}
