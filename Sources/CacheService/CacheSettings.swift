public import PorticoConfig

/// How the cache runs, drawn from the `cache:`, `policies:`, `dynamodb:` and
/// `cloud_credential_authorization_mapping:` sections of the configuration, in the units the
/// code uses.
public struct CacheSettings: Sendable {
    public var keys: CacheKeys
    /// Regions swept for the regional kinds (SQS, SNS, Config).
    public var regions: [String]
    /// How often each kind is swept.
    public var intervals: [SweepKind: Duration]
    /// How often the account list is read again.
    public var accountsInterval: Duration
    /// AWS Config resource types swept (the Config kind is off when empty).
    public var configResourceTypes: [String]
    /// Job loops per process.
    public var workers: Int
    /// AWS calls one job makes at once.
    public var awsConcurrency: Int
    /// A job not heartbeated for this long is reclaimed by another worker.
    public var visibilityTimeout: Duration
    public var leaseDuration: Duration
    public var schedulerTick: Duration
    public var maxAttempts: Int
    public var retryDelay: Duration
    /// How long a replaced generation stays readable (for readers that resolved it just before).
    public var generationGrace: Duration
    /// A generation still uncommitted after this long belongs to a dead worker and is deleted.
    public var abandonedGenerationAge: Duration
    /// How long job records are kept for `refresh … wait`.
    public var jobRecordLifetime: Duration
    /// How long one blocking read of the job stream waits (must stay under Redis' command timeout).
    public var streamBlock: Duration
    /// The spoke role assumed in every account.
    public var spokeRoleName: String
    public var rolesTable: String
    public var inventoryTable: String
    public var createTables: Bool
    public var authorization: AuthorizationTagSettings
    /// Which roles restricted callers may see (`roles:`).
    public var visibility: RoleVisibility

    public init(configuration: PorticoConfiguration) {
        let cache = configuration.cache
        keys = CacheKeys(prefix: cache.keyPrefix)
        // The configuration loader accepts any text; names that cannot be regions are not swept.
        regions = cache.regions.filter(AWSRegionName.isValid)
        var intervals: [SweepKind: Duration] = [:]
        for kind in SweepKind.allCases {
            intervals[kind] = .seconds(cache.intervals[kind.rawValue] ?? 2700)
        }
        self.intervals = intervals
        accountsInterval = .seconds(cache.intervals["accounts"] ?? 3600)
        configResourceTypes = cache.configResourceTypes
        workers = cache.workers
        awsConcurrency = cache.awsConcurrency
        visibilityTimeout = .seconds(cache.jobVisibilityTimeout)
        leaseDuration = .seconds(cache.schedulerLease)
        schedulerTick = .seconds(cache.schedulerTick)
        maxAttempts = cache.maxAttempts
        retryDelay = .seconds(cache.retryDelay)
        generationGrace = .seconds(cache.generationGrace)
        abandonedGenerationAge = .seconds(max(3600, 4 * cache.jobVisibilityTimeout))
        jobRecordLifetime = .seconds(86_400)
        streamBlock = .seconds(2)
        spokeRoleName = configuration.policies.roleName
        rolesTable = configuration.dynamodb.iamRolesTable
        inventoryTable = configuration.dynamodb.inventoryTable
        createTables = configuration.dynamodb.createTables
        visibility = RoleVisibility(configuration.roles)
        authorization = AuthorizationTagSettings(
            consoleTags: configuration.cloudCredentialAuthorizationMapping.authorizedGroupsTags,
            cliOnlyTags: configuration.cloudCredentialAuthorizationMapping.authorizedGroupsCLIOnlyTags,
            groupMapping: configuration.dynamicConfig.groupMapping.mapValues {
                AuthorizationTagSettings.Grant(roles: $0.roles, cliOnlyRoles: $0.cliOnlyRoles)
            })
    }

    /// Every scope of `account` the configuration asks to sweep.
    public func scopes(of account: String) -> [SweepScope] {
        var scopes: [SweepScope] = []
        for kind in SweepKind.allCases {
            if kind == .config && configResourceTypes.isEmpty { continue }
            if kind.isRegional {
                scopes += regions.map { SweepScope(account: account, kind: kind, region: $0) }
            } else {
                scopes.append(SweepScope(account: account, kind: kind))
            }
        }
        return scopes
    }

    func interval(_ kind: SweepKind) -> Duration { intervals[kind] ?? .seconds(2700) }
}

/// Where the credential authorization mapping comes from: the role tags naming users and
/// groups (values split on `:`), and the dynamic configuration's group mapping.
public struct AuthorizationTagSettings: Sendable {
    /// A group's (or user's) roles from the dynamic configuration.
    public struct Grant: Sendable, Hashable {
        public var roles: [String]
        public var cliOnlyRoles: [String]

        public init(roles: [String] = [], cliOnlyRoles: [String] = []) {
            self.roles = roles
            self.cliOnlyRoles = cliOnlyRoles
        }
    }

    /// Tags whose principals may use the role from the console and the CLI.
    public var consoleTags: [String]
    /// Tags whose principals may use the role from the CLI only.
    public var cliOnlyTags: [String]
    /// Principal → roles, from the configuration file's `dynamic_config.group_mapping`.
    public var groupMapping: [String: Grant]
    /// The stored dynamic configuration's group mapping, shared by every copy of these settings.
    public var storedGroupMapping: StoredGroupMapping

    public init(
        consoleTags: [String], cliOnlyTags: [String], groupMapping: [String: Grant] = [:],
        storedGroupMapping: StoredGroupMapping = StoredGroupMapping()
    ) {
        self.consoleTags = consoleTags
        self.cliOnlyTags = cliOnlyTags
        self.groupMapping = groupMapping
        self.storedGroupMapping = storedGroupMapping
    }

    /// The group mapping in force, keyed by normalized principal: the file's, with the stored
    /// mapping's entries replacing it per principal.
    public var effectiveGroupMapping: [String: Grant] { storedGroupMapping.merged(over: groupMapping) }
}
