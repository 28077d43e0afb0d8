public import PorticoCore

/// Everything a Portico process reads from its YAML configuration, typed, with a default for
/// every key so a small file only says what differs. Hub AWS credentials are never here: they
/// come from the AWS provider chain.
public struct PorticoConfiguration: Sendable {
    /// `dev` allows built-in development secrets; `prod` refuses to start without real ones.
    public enum Environment: String, Sendable, CaseIterable { case dev, prod }

    /// `prod` unless said otherwise: a configuration file (or a value built in code) that does
    /// not say `environment: dev` is production. Only the built-in development example says dev.
    public var environment: Environment = .prod
    /// Public URL of the gateway.
    public var url: String = "http://127.0.0.1:8080"
    public var region: String = "us-east-1"
    public var listen = Listen()
    public var services = Services()
    public var rpc = RPC()
    public var redis = Redis()
    public var dynamodb = DynamoDB()
    public var aws = AWS()
    public var policies = Policies()
    /// Account id → friendly name; empty when `organizations.enabled`.
    public var accounts: [String: String] = [:]
    public var organizations = Organizations()
    public var auth = Auth()
    public var gateway = Gateway()
    public var groups = Groups()
    public var google = Google()
    public var slack = Slack()
    public var ses = SES()
    public var cloudCredentialAuthorizationMapping = CredentialAuthorizationMapping()
    public var dynamicConfig = DynamicConfig()
    public var cache = Cache()
    public var roles = Roles()
    public var logging = Logging()
    public var metrics = Metrics()
    public var httpClient = HTTPClients()
    public var audit = Audit()
    public var readiness = Readiness()
    /// The editor's policy templates (`permission_templates`; ConsoleMe's set when absent); the
    /// dynamic configuration's entries come first and replace these by key.
    public var permissionTemplates = PermissionTemplate.consoleMeDefaults
    /// ConsoleMe's `self_service_iam`, sent to the browser as it is (so never a secret): its
    /// `permissions_map` entries replace ConsoleMe's built-in ones by generator type; nil when absent.
    public var selfServiceIAM: JSONValue?
    /// `self_service_iam_help_message`: markdown the wizard shows.
    public var selfServiceHelpMessage: String?

    public init() {}

    /// The configuration with every default.
    public static var defaults: PorticoConfiguration { PorticoConfiguration() }

    /// Reads every section from the top-level mapping.
    init(reading config: ConfigReader) throws(ConfigError) {
        environment = try config.choice("environment", default: .prod)
        url = try config.string("url", default: url)
        region = try config.string("region", default: region)
        listen = try Listen(reading: config.section("listen"))
        services = try Services(reading: config.section("services"))
        rpc = try RPC(reading: config.section("rpc"))
        redis = try Redis(reading: config.section("redis"))
        dynamodb = try DynamoDB(reading: config.section("dynamodb"))
        aws = try AWS(reading: config.section("aws"))
        policies = try Policies(reading: config.section("policies"))
        accounts = try config.stringMap("accounts")
        organizations = try Organizations(reading: config.section("organizations"))
        auth = try Auth(reading: config.section("auth"))
        gateway = try Gateway(reading: config.section("gateway"))
        groups = try Groups(reading: config.section("groups"))
        google = try Google(reading: config.section("google"))
        slack = try Slack(reading: config.section("slack"))
        ses = try SES(reading: config.section("ses"))
        cloudCredentialAuthorizationMapping = try CredentialAuthorizationMapping(
            reading: config.section("cloud_credential_authorization_mapping"))
        dynamicConfig = try DynamicConfig(reading: config.section("dynamic_config"))
        cache = try Cache(reading: config.section("cache"))
        roles = try Roles(reading: config.section("roles"))
        logging = try Logging(reading: config.section("logging"))
        metrics = try Metrics(reading: config.section("metrics"))
        httpClient = try HTTPClients(reading: config.section("http_client"))
        audit = try Audit(reading: config.section("audit"))
        readiness = try Readiness(reading: config.section("readiness"))
        if let selfService = config.raw("self_service_iam") {
            guard case .map = selfService else {
                throw .invalidValue(key: "self_service_iam", expected: "a mapping", found: selfService.kindDescription)
            }
            selfServiceIAM = SelfServiceSettings.json(selfService)
        }
        selfServiceHelpMessage = try config.optionalString("self_service_iam_help_message")
        if let templates = config.raw("permission_templates") {
            do throws(SelfServiceSettingProblem) {
                permissionTemplates = try SelfServiceSettings.permissionTemplates(templates, path: "permission_templates")
            } catch {
                throw .invalidValue(key: error.path, expected: error.expected, found: error.found)
            }
        }
    }
}
