import NIOCore
import PorticoCore

extension RPCClient {
    /// Starts following the `dns:` names (with the first call, or `connect()`).
    func startDiscovery() {
        discovery.start { [self] in await self.followNames() }
    }

    /// Resolves the names, then again every `interval`, or after `minimumInterval` when a
    /// connection to a discovered endpoint failed in the meantime.
    private func followNames() async {
        let resolution = discovery.resolution
        while !Task.isCancelled {
            let generation = discovery.requests.generation
            await resolveNames()
            try? await Task.sleep(for: resolution.minimumInterval)
            if Task.isCancelled { return }
            if discovery.requests.generation != generation { continue }
            let rest = resolution.interval - resolution.minimumInterval
            guard rest > .zero else { continue }
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.discovery.requests.wait(after: generation) }
                group.addTask { try? await Task.sleep(for: rest) }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// Asks the resolver for every name once and makes the endpoint set match the answers.
    func resolveNames() async {
        var wanted: [(address: HostPort, name: HostPort)] = []
        for name in discovery.names {
            var answered: [String]?
            do {
                answered = try await discovery.resolution.resolver.addresses(of: name.host)
            } catch {
                logger.warning("rpc name did not resolve; keeping its last addresses", metadata: [
                    "rpc.dns_name": "\(name)", "error": "\(error)",
                ])
            }
            for address in discovery.answer(for: name, answered) {
                let endpoint = HostPort(host: address, port: name.port)
                if !wanted.contains(where: { $0.address == endpoint }) { wanted.append((endpoint, name)) }
            }
        }
        apply(wanted)
        discovery.markResolved()
        readiness.notify()
    }

    /// Adds an endpoint for every new address and drains the discovered ones no longer answered.
    private func apply(_ wanted: [(address: HostPort, name: HostPort)]) {
        guard !isClosed.load(ordering: .relaxed) else { return }
        let started = isStarted.load(ordering: .relaxed)
        let discovery = self.discovery
        let (added, removed) = endpointSet.withLock { endpoints -> ([RPCClientEndpoint], [RPCClientEndpoint]) in
            let removed = endpoints.filter { endpoint in
                endpoint.dnsName != nil && !wanted.contains(where: { $0.address == endpoint.endpoint })
            }
            endpoints.removeAll { endpoint in removed.contains(where: { $0 === endpoint }) }
            var added: [RPCClientEndpoint] = []
            for (address, name) in wanted where !endpoints.contains(where: { $0.dnsName != nil && $0.endpoint == address }) {
                let endpoint = RPCClientEndpoint(
                    index: discovery.makeIndex(), endpoint: address, dnsName: name, eventLoop: eventLoopGroup.next(),
                    configuration: configuration, readiness: readiness, logger: logger,
                    onFailure: { discovery.requests.notify() })
                endpoints.append(endpoint)
                added.append(endpoint)
            }
            return (added, removed)
        }
        for endpoint in added {
            logger.info("rpc endpoint discovered", metadata: ["rpc.endpoint": "\(endpoint.endpoint)", "rpc.dns_name": "\(endpoint.dnsName!)"])
            if started { endpoint.start() }
        }
        for endpoint in removed {
            logger.info("rpc endpoint gone from its name's answer; draining", metadata: ["rpc.endpoint": "\(endpoint.endpoint)"])
            drain(endpoint)
        }
    }

    /// Closes `endpoint` (already out of rotation) once its calls have answered, or after
    /// `drainTimeout`.
    private func drain(_ endpoint: RPCClientEndpoint) {
        let discovery = self.discovery
        discovery.beginDraining(endpoint)
        Task {
            let giveUp = ContinuousClock.now + discovery.resolution.drainTimeout
            // A call that picked the endpoint just before it left the set counts itself in
            // right after; one short pause lets it, then the count only falls.
            try? await Task.sleep(for: .milliseconds(50))
            while endpoint.outstanding.load(ordering: .relaxed) > 0, ContinuousClock.now < giveUp {
                try? await Task.sleep(for: .milliseconds(20))
            }
            await endpoint.close()
            discovery.endDraining(endpoint)
        }
    }
}
