/// Where the string fields of a message sit in its wire encoding: the field numbers that hold
/// strings (with the name to report), and the message fields to look inside. Generated per
/// message, only where strings are reachable; map entries and presence wrappers appear as
/// nested schemas whose labels name the outer field.
struct WireSchema: Sendable {
    /// Field number → `<Message>.<field>` for every string field.
    var strings: [UInt32: String]
    /// Field number → schema of the nested message, for message fields that contain strings.
    var messages: [UInt32: WireSchema]

    init(strings: [UInt32: String] = [:], messages: [UInt32: WireSchema] = [:]) {
        self.strings = strings
        self.messages = messages
    }

    /// True when the message holds no string anywhere, so there is nothing to check.
    var isEmpty: Bool { strings.isEmpty && messages.isEmpty }
}
