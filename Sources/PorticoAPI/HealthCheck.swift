/// `GET /healthcheck`: a liveness answer with no JSON, the plain text `ok` (status 200) while the
/// process serves; anything else means it does not.
public enum HealthCheck {
    /// The body of a healthy answer.
    public static let answer = "ok"
}
