public import Proto

/// `portico.v1.Health` as every Portico RPC listener serves it (readiness probes and operators
/// use it): `Echo` answers the request with the server's name; `Check` answers SERVING for the
/// process (empty `service`) and for each service whose methods the listener serves, while the
/// readiness check holds, NOT_SERVING when it does not, and SERVICE_UNKNOWN for any other name.
/// Any authenticated caller may call it.
public enum HealthRPC {
    /// Registers both methods on `router`, answering for the services `router` serves so far.
    /// - Parameters:
    ///   - server: the name `Echo` answers with (the Portico service, e.g. `cache`).
    ///   - isReady: whether the listener's services take calls now.
    public static func register(
        on router: inout RPCRouter, server: String, isReady: @escaping @Sendable () async -> Bool = { true }
    ) {
        let served = Set(router.methods.compactMap(serviceName(ofMethod:)) + [HealthMethods.serviceName])
        router.register(HealthMethods.echo) { request, _ in
            EchoResponse(echo: request, server: server)
        }
        router.register(HealthMethods.check) { request, _ in
            guard request.service.isEmpty || served.contains(request.service) else {
                return HealthCheckResponse(status: .serviceUnknown)
            }
            return HealthCheckResponse(status: await isReady() ? .serving : .notServing)
        }
    }

    /// `portico.v1.Cache` for `/portico.v1.Cache/GetRole`.
    static func serviceName(ofMethod method: String) -> String? {
        let parts = method.split(separator: "/")
        return parts.count == 2 ? String(parts[0]) : nil
    }
}
