public import Logging
public import PorticoConfig
public import ServiceLifecycle

/// What `portico-server credentials` runs for this service, besides its metrics endpoint: the
/// credential RPC server. Eligible roles come from `dynamic_config.group_mapping` until the
/// cache's authorization mapping is wired in.
public enum CredentialServiceComponents {
    public static func make(configuration: PorticoConfiguration, logger: Logger) -> [any Service] {
        [
            CredentialServer(
                configuration: configuration,
                eligibleRoles: StaticEligibleRoles(grants: configuration.dynamicConfig.groupMapping),
                logger: logger,
                onListening: { port in
                    logger.info("credentials listening", metadata: [
                        "address": "\(configuration.listen.credentials.host):\(port)",
                    ])
                }),
        ]
    }
}
