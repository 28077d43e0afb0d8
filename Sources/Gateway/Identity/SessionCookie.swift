import Hummingbird

/// The cookie that carries a browser's session JWT: `auth.session.cookie_name`, `HttpOnly`,
/// `SameSite=Lax`, `Path=/`, `Secure` outside dev, living as long as the session.
struct SessionCookie: Sendable {
    let name: String
    let secure: Bool
    let maxAge: Int

    /// - Throws: `GatewayStartupError.invalidCookieName` when the name is not a cookie token.
    init(name: String, secure: Bool, lifetime: Duration) throws(GatewayStartupError) {
        guard (try? Cookie.validated(name: name, value: "x")) != nil else { throw .invalidCookieName(name) }
        self.name = name
        self.secure = secure
        self.maxAge = Int(lifetime.components.seconds)
    }

    /// The `Set-Cookie` for a session token (base64url and dots: always a valid cookie value).
    func cookie(carrying token: String) -> Cookie? {
        try? Cookie.validated(
            name: name, value: token, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The `Set-Cookie` that removes the session cookie (logout).
    func clearing() -> Cookie? {
        try? Cookie.validated(
            name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The session token the request's cookie carries, if any.
    func token(in request: Request) -> String? {
        request.cookies[name]?.value
    }
}
