/// STS role session names: what AWS accepts (`[\w+=,.@-]`, 2 to 64 characters), built from
/// the user's email so CloudTrail shows who held the session.
public enum SessionName {
    /// The user's email made acceptable to STS: disallowed characters become `-`, it is cut
    /// to 64 characters and padded to 2.
    public static func forUser(_ email: String) -> String {
        var name = String(email.unicodeScalars.map { scalar -> Character in
            let allowed = (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                || "_+=,.@-".unicodeScalars.contains(scalar)
            return allowed ? Character(scalar) : "-"
        })
        if name.count > 64 { name = String(name.prefix(64)) }
        while name.count < 2 { name += "-" }
        return name
    }
}
