/// A one-click AWS console sign-in: the federation login URL for a role. The URL holds a sign-in
/// token that opens a console session to anyone holding it, so the descriptions leave out its
/// query.
public struct ConsoleLogin: Sendable, Equatable {
    /// `{federation_url}?Action=login&Issuer=…&Destination=…&SigninToken=…`.
    public var url: String
    /// The role the session acts as.
    public var roleARN: String
    /// When the underlying credentials expire, in seconds since 1970.
    public var expiration: Int

    public init(url: String, roleARN: String, expiration: Int) {
        self.url = url
        self.roleARN = roleARN
        self.expiration = expiration
    }
}

extension ConsoleLogin: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        let base = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        return "ConsoleLogin(role: \(roleARN), url: \(base)?<redacted>, expiration: \(expiration))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["description": description], displayStyle: .struct)
    }
}
