import Foundation
import PorticoCore

/// The configuration files of a `Topology`: the operator's file (or a development one written
/// here), a topology file extending it with the test's endpoints (Redis, AWS through the proxy,
/// the federation stand-in, `services:` as `dns:SERVICE:PORT`, `rpc.dns.hosts_file`) and the
/// caller's overrides, and one file per replica extending that with its own `listen` address.
enum TopologyConfiguration {
    /// A development configuration like `RunningPortico`'s, for topologies started without a file.
    static func developmentBase(
        options: Topology.Options, gatewayURL: String
    ) -> String {
        let accounts = options.accountNames.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
        let devUsers = options.devUsers.map { "\n    - {email: \($0.email), groups: [\($0.groups.joined(separator: ", "))]}" }
        return """
            environment: dev
            url: \(gatewayURL)
            region: us-east-1
            metrics: {bearer_token: \(RunningPortico.metricsToken)}
            rpc: {secret: \(RunningPortico.rpcSecret)}
            dynamodb: {create_tables: true}
            aws:
              session_duration: 3600
              ip_restrictions: [10.0.0.0/8, "2001:db8::/32"]
              ip_restrictions_on_requester_ip: true
              issuer: Portico E2E
            policies: {role_name: \(options.estate.spokeRoleName)}
            accounts: {\(accounts.joined(separator: ", "))}
            auth:
              alb:
                enabled: true
                region: us-east-1
                public_key_url: "\(gatewayURL)/noauth/dev/alb-keys/{kid}"
              session: {secret: \(RunningPortico.sessionSecret)}
              trusted_proxy_hops: 0
              challenge: {enabled: true}
              dev_users:\(devUsers.joined())
            cache: {regions: [us-east-1], scheduler_tick: 1}
            logging: {format: text, level: info}

            """
    }

    /// The topology's own layer over `base`: endpoints of this run, then `overrides` (top-level
    /// keys, YAML after `key:` as in `RunningPortico.Options.configOverrides`), merged over the
    /// bases (later over earlier) key by key.
    static func topologyLayer(
        bases: [String], ports: [String: Int], hostsFile: String, redis: RedisEndpoint, awsEndpoint: String,
        federationURL: String, refreshSeconds: Int, overrides: [String: String]
    ) -> String {
        let services = ports.sorted { $0.key < $1.key }.filter { $0.key != "gateway" }
            .map { "\($0.key): [\"dns:\($0.key):\($0.value)\"]" }
        var sections: [(key: String, value: String)] = [
            ("extends", "[\(bases.map { "\"\($0)\"" }.joined(separator: ", "))]"),
            ("services", "{\(services.joined(separator: ", "))}"),
            ("rpc", "{dns: {hosts_file: \"\(hostsFile)\", refresh_seconds: \(refreshSeconds)}}"),
            ("redis", "{host: \(redis.host), port: \(redis.port), db: 0}"),
            ("dynamodb", "{endpoint_url: \"\(awsEndpoint)\"}"),
            ("aws", "{endpoint_url: \"\(awsEndpoint)\", federation_url: \"\(federationURL)\"}"),
        ]
        for (key, value) in overrides.sorted(by: { $0.key < $1.key }) {
            if let index = sections.firstIndex(where: { $0.key == key }) {
                sections[index].value = value
            } else {
                sections.append((key, value))
            }
        }
        return sections.map { "\($0.key): \($0.value)" }.joined(separator: "\n") + "\n"
    }

    /// One replica's file: the topology file with `listen.<service>` and `metrics.listen.<service>`
    /// set to the replica's addresses.
    static func replicaLayer(topologyFile: String, service: String, address: HostPort, metrics: HostPort) -> String {
        """
        extends: "\(topologyFile)"
        listen: {\(service): "\(address)"}
        metrics: {listen: {\(service): "\(metrics)"}}

        """
    }

    /// Redis as the configuration names it.
    struct RedisEndpoint {
        var host: String
        var port: Int
    }
}
