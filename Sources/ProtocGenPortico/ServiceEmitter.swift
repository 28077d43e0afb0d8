/// Emits a service's method table, `<Service>Methods`: one `RPCMethod` per rpc, with its full
/// wire name and whether it is idempotent (`option idempotency_level = NO_SIDE_EFFECTS` or
/// `IDEMPOTENT`). Named `…Methods`, not `…Service`, so a table never takes the name of one of
/// Portico's service modules (`AuthService`, `CacheService`, …).
struct ServiceEmitter {
    var service: ServiceDescriptor
    var package: String
    var registry: TypeRegistry
    var file: String

    var enumName: String { service.name + "Methods" }
    var fullServiceName: String { package.isEmpty ? service.name : "\(package).\(service.name)" }

    func emit(into writer: inout SourceWriter) throws {
        var methods: [(property: String, line: String, method: MethodDescriptor)] = []
        for method in service.methods {
            let label = "\(fullServiceName).\(method.name)"
            guard !method.isClientStreaming, !method.isServerStreaming else {
                throw GeneratorError("\(label): streaming RPCs are not supported; Portico's calls are unary")
            }
            let request = try registry.resolve(method.inputType, usedBy: label)
            let response = try registry.resolve(method.outputType, usedBy: label)
            let property = SwiftNaming.escaped(Self.methodProperty(method.name))
            let isIdempotent = method.idempotency != .unknown
            methods.append((
                property,
                "public static let \(property) = RPCMethod<\(request.swiftName), \(response.swiftName)>("
                    + "name: \("/\(fullServiceName)/\(method.name)".swiftLiteral), isIdempotent: \(isIdempotent))",
                method))
        }

        writer.docComment(service.comment, fallback: "The `\(fullServiceName)` service of \(file).")
        writer.line("///")
        writer.line("/// The RPC methods of `\(fullServiceName)`, for registering handlers and making calls.")
        writer.block("public enum \(enumName)") { body in
            body.line("/// The service's full name.")
            body.line("public static let serviceName = \(fullServiceName.swiftLiteral)")
            for (_, line, method) in methods {
                body.line()
                body.docComment(method.comment, fallback: "`\(method.name)`.")
                body.line(line)
            }
            body.line()
            body.line("/// The full names of every method, in declaration order.")
            body.line("public static let methodNames: [String] = [\(methods.map { "\($0.property).name" }.joined(separator: ", "))]")
        }
    }

    /// `Echo` → `echo`, `GetCredentials` → `getCredentials`, `ARNLookup` → `arnLookup`.
    static func methodProperty(_ name: String) -> String {
        let characters = Array(name)
        var leadingUpper = characters.prefix { $0.isUppercase }.count
        if leadingUpper > 1 && leadingUpper < characters.count { leadingUpper -= 1 }
        return String(characters.prefix(Swift.max(leadingUpper, 1))).lowercased()
            + String(characters.dropFirst(Swift.max(leadingUpper, 1)))
    }
}
