/// The gateway's REST paths, as ConsoleMe and Weep spell them (relative to the gateway's URL).
/// Paths with a `{…}` part are functions of it; the caller percent-encodes what it puts there.
public enum APIPaths {
    /// `POST`: a `CredentialRequest`, answered by `CredentialsResponse`.
    public static let getCredentials = "/api/v1/get_credentials"
    /// `GET[?all=true]`: a JSON array of role ARNs (`[String]`).
    public static let getRolesV1 = "/api/v1/get_roles"
    /// `GET[?all=true]`: `RoleListResponse`.
    public static let getRolesV2 = "/api/v2/get_roles"
    /// `GET`: `UserProfile`.
    public static let userProfile = "/api/v2/user_profile"
    /// `GET`: the text `ok` while the gateway runs (see `HealthCheck`).
    public static let healthCheck = "/healthcheck"
    /// `GET`: `ReadinessAnswer`, `200` when ready, `503` when not (or draining).
    public static let readiness = "/readyz"

    /// `GET ?r=&redirect=`: `RoleLoginResponse` for a role given as an ARN or a fragment.
    public static func roleLogin(_ role: String) -> String { "/api/v2/role_login/\(role)" }
    /// `GET ?r=&redirect=`: a `302` to the console sign-in URL.
    public static func roleRedirect(_ role: String) -> String { "/role/\(role)" }
    /// `GET` (public): `ChallengeGenerated` for a CLI login as `user`.
    public static func challengeGenerator(_ user: String) -> String { "/noauth/v1/challenge_generator/\(user)" }
    /// `GET` (public): `ChallengePollResponse`.
    public static func challengePoller(_ token: String) -> String { "/noauth/v1/challenge_poller/\(token)" }
    /// `GET` (signed in): the approval page, or `ChallengeView` with `Accept: application/json`;
    /// `POST`: approves, answered by `ChallengeApproved`.
    public static func challengeValidator(_ token: String) -> String { "/api/v2/challenge_validator/\(token)" }
}
