/// Emits a service's typed client, `<Service>Client`: a struct over an `RPCClient` with one async
/// method per rpc, named like the method table's property (`getCredentials(_:options:)`), so
/// callers write `credentials.getCredentials(request)` instead of passing the method table
/// entry to `RPCClient.call`. Whoever builds the `RPCClient` from configuration wraps it:
/// `CacheClient(rpc: client)`.
struct ClientEmitter {
    var service: ServiceDescriptor
    var package: String
    var registry: TypeRegistry
    var file: String

    var structName: String { service.name + "Client" }
    var methodsName: String { service.name + "Methods" }
    var fullServiceName: String { package.isEmpty ? service.name : "\(package).\(service.name)" }

    func emit(into writer: inout SourceWriter) throws {
        writer.line("/// A typed client of `\(fullServiceName)` (\(file)): one method per rpc, each a call of")
        writer.line("/// `\(methodsName)` through the wrapped `RPCClient` (which chooses the replica, retries")
        writer.line("/// idempotent calls and signs them). Whoever runs the `RPCClient` runs and closes it.")
        try writer.block("public struct \(structName): Sendable") { body in
            body.line("/// The runtime client the calls go through.")
            body.line("public let rpc: RPCClient")
            body.line()
            body.block("public init(rpc: RPCClient)") { initializer in
                initializer.line("self.rpc = rpc")
            }
            for method in service.methods {
                let label = "\(fullServiceName).\(method.name)"
                let request = try registry.resolve(method.inputType, usedBy: label)
                let response = try registry.resolve(method.outputType, usedBy: label)
                let property = SwiftNaming.escaped(ServiceEmitter.methodProperty(method.name))
                body.line()
                body.docComment(method.comment, fallback: "`\(method.name)`.")
                body.line("///")
                body.line("/// - Throws: `RPCError` with the status the call ended with.")
                try body.block(
                    "public func \(property)(_ request: \(request.swiftName), options: CallOptions = .defaults) async throws -> \(response.swiftName)"
                ) { call in
                    call.line("try await rpc.call(\(methodsName).\(property), request, options: options)")
                }
            }
        }
    }
}
