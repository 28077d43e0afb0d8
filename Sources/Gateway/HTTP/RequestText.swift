/// Checks on text a request hands on to a backend (a role, a region, a redirect URL): a control
/// character (NUL included) is never part of one, and the RPC layer refuses to carry NUL, so it
/// is refused here as the caller's mistake (`400` naming the field) instead of failing later as
/// the backend's.
enum RequestText {
    /// Whether `text` holds a control character (C0, DEL or C1).
    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
