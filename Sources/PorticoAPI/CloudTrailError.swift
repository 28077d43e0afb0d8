/// One entry of a role page's `cloudtrail_details.errors.cloudtrail_errors`: an action the role
/// was refused on a resource (from CloudTrail's `AccessDenied` / `UnauthorizedOperation` events),
/// how often and when last, with the policy that would allow exactly it. ConsoleMe's shape
/// (`event_call`, `resource`, `generated_policy`, `count`) plus `last_seen` (ISO 8601, UTC).
public struct CloudTrailError: Encodable, Sendable, Hashable {
    public var eventCall: String
    public var resource: String
    public var generatedPolicy: InventoryJSON
    public var count: Int
    public var lastSeen: String?

    public init(eventCall: String, resource: String, generatedPolicy: InventoryJSON, count: Int, lastSeen: String?) {
        self.eventCall = eventCall
        self.resource = resource
        self.generatedPolicy = generatedPolicy
        self.count = count
        self.lastSeen = lastSeen
    }

    enum CodingKeys: String, CodingKey {
        case eventCall = "event_call", resource, generatedPolicy = "generated_policy", count, lastSeen = "last_seen"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(eventCall, forKey: .eventCall)
        try c.encode(resource, forKey: .resource)
        try c.encode(generatedPolicy, forKey: .generatedPolicy)
        try c.encode(count, forKey: .count)
        try c.encode(lastSeen, forKey: .lastSeen)
    }
}
