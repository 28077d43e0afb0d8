import FuzzSupport
import Proto

/// The properties every generated message must have on any input: decoding either fails with
/// `.invalidArgument` or gives a value that re-encodes, decodes back to the same value, and
/// encodes to the same bytes again.
enum MessageRoundTrip {
    static func check<Message: ProtoMessage>(_ type: Message.Type, _ bytes: [UInt8]) {
        let first: Message
        do {
            first = try Message(protobufBytes: bytes)
        } catch let error as RPCError {
            fuzzCheck(error.code == .invalidArgument, "\(Message.self): decoding failed with \(error), not INVALID_ARGUMENT")
            return
        } catch {
            fuzzFailure("\(Message.self): decoding threw a non-RPCError: \(error)")
        }
        let encoded: [UInt8]
        let second: Message
        do {
            encoded = try first.protobufBytes()
        } catch {
            fuzzFailure("\(Message.self): a decoded value did not encode: \(error)")
        }
        do {
            second = try Message(protobufBytes: encoded)
        } catch {
            fuzzFailure("\(Message.self): its own encoding did not decode: \(error)")
        }
        // A NaN never equals itself, so values holding one are compared by their bytes only
        // (below, exact to the bit).
        fuzzCheck(
            first == second || containsNaN(first),
            "\(Message.self): the value changed over a round trip: \(first) became \(second)")
        do {
            let reencoded = try second.protobufBytes()
            fuzzCheck(reencoded == encoded, "\(Message.self): encoding the same value twice gave different bytes")
        } catch {
            fuzzFailure("\(Message.self): re-encoding failed: \(error)")
        }
    }

    /// True when a Double or Float NaN sits anywhere inside `value`.
    private static func containsNaN(_ value: Any) -> Bool {
        switch value {
        case let double as Double: return double.isNaN
        case let float as Float: return float.isNaN
        default: return Mirror(reflecting: value).children.contains { containsNaN($0.value) }
        }
    }
}
