public import Logging
public import PorticoAWS
public import PorticoConfig
public import PorticoHTTP

extension STSClient {
    /// STS as the hub: signing with credentials from the standard AWS provider chain (cached and
    /// refreshed ahead of expiry), in the configured region, at `aws.endpoint_url` when set.
    public static func hub(
        configuration: PorticoConfiguration, environment: CredentialEnvironment = .process, http: HTTPClient,
        logger: Logger
    ) -> STSClient {
        let aws = AWSConfiguration(region: configuration.region, endpointURL: configuration.aws.endpointURL)
        let context = CredentialSourceContext(environment: environment, configuration: aws, http: http, logger: logger)
        return STSClient(client: AWSClient(
            configuration: aws, credentials: CredentialProviderChain.hub(context: context), http: http, logger: logger))
    }
}
