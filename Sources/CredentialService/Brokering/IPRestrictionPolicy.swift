import PorticoConfig
public import PorticoCore

/// The session policy that pins issued credentials to where they may be used: everything the
/// role allows stays allowed, except calls whose source address is outside the allowed
/// networks. Calls AWS services make on the user's behalf (`aws:ViaAWSService`) are left
/// alone, since their source address is AWS's, not the user's.
public struct IPRestrictionPolicy: Sendable, Equatable {
    /// The allowed networks, in a stable order (configured blocks first, then the requester's).
    public let allowedNetworks: [CIDRBlock]

    /// - Parameters:
    ///   - configured: `aws.ip_restrictions`.
    ///   - requesterAddress: the caller's own address, added when
    ///     `aws.ip_restrictions_on_requester_ip` is on.
    /// - Returns: nil when nothing restricts (no networks at all).
    public init?(configured: [CIDRBlock], requesterAddress: IPAddress?) {
        var networks = configured
        if let requesterAddress {
            let own = CIDRBlock(single: requesterAddress)
            if !networks.contains(own) { networks.append(own) }
        }
        guard !networks.isEmpty else { return nil }
        allowedNetworks = networks
    }

    /// The policy document, rendered deterministically so its hash identifies it in audit events.
    public var document: String {
        let sources = allowedNetworks.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"Version":"2012-10-17","Statement":["#
            + #"{"Sid":"AllowWhatTheRoleAllows","Effect":"Allow","Action":"*","Resource":"*"},"#
            + #"{"Sid":"DenyOutsideAllowedNetworks","Effect":"Deny","Action":"*","Resource":"*","#
            + #""Condition":{"NotIpAddress":{"aws:SourceIp":["# + sources + #"]},"#
            + #""Bool":{"aws:ViaAWSService":"false"}}}]}"#
    }
}
