public import PorticoConfig
public import PorticoCore

extension CredentialBroker {
    /// What the broker takes from Portico's configuration: how long sessions last, how they are
    /// pinned to networks, who may skip that, internal clients. (Account names for matching come
    /// with the eligible roles.)
    public struct Configuration: Sendable {
        /// `aws.session_duration`: asked of STS, capped by the role's own maximum.
        public var sessionDuration: Int
        /// `aws.ip_restrictions`.
        public var ipRestrictions: [CIDRBlock]
        /// `aws.ip_restrictions_on_requester_ip`.
        public var ipRestrictionsOnRequesterIP: Bool
        /// `aws.no_ip_restrictions_groups`: members may ask for `no_ip_restrictions`.
        public var noIPRestrictionsGroups: [String]
        /// `rpc.clients`: internal client → the role ARNs it may obtain.
        public var clientRoles: [String: [String]]

        public init(
            sessionDuration: Int = 3600, ipRestrictions: [CIDRBlock] = [], ipRestrictionsOnRequesterIP: Bool = false,
            noIPRestrictionsGroups: [String] = [], clientRoles: [String: [String]] = [:]
        ) {
            self.sessionDuration = sessionDuration
            self.ipRestrictions = ipRestrictions
            self.ipRestrictionsOnRequesterIP = ipRestrictionsOnRequesterIP
            self.noIPRestrictionsGroups = noIPRestrictionsGroups
            self.clientRoles = clientRoles
        }

        /// The broker's part of a Portico configuration.
        public init(_ configuration: PorticoConfiguration) {
            self.init(
                sessionDuration: configuration.aws.sessionDuration,
                ipRestrictions: configuration.aws.ipRestrictions,
                ipRestrictionsOnRequesterIP: configuration.aws.ipRestrictionsOnRequesterIP,
                noIPRestrictionsGroups: configuration.aws.noIPRestrictionsGroups,
                clientRoles: configuration.rpc.clients.mapValues(\.roles))
        }

        public static var defaults: Configuration { Configuration() }

        /// STS's bounds for `DurationSeconds`.
        static let stsDurations = 900...43_200
        /// What STS allows when a role's own maximum is unknown (IAM's default `MaxSessionDuration`).
        static let defaultRoleMaximum = 3600

        /// The session length for a role whose maximum is `roleMaximum` (nil: unknown).
        func duration(roleMaximum: Int?) -> Int {
            let capped = min(sessionDuration, roleMaximum ?? Self.defaultRoleMaximum)
            return min(max(capped, Self.stsDurations.lowerBound), Self.stsDurations.upperBound)
        }

        /// Whether one of `groups` may ask for credentials without IP restrictions.
        func allowsUnrestricted(groups: [String]) -> Bool {
            let allowed = Set(noIPRestrictionsGroups.map { $0.lowercased() })
            return groups.contains { allowed.contains($0.lowercased()) }
        }
    }
}
