import NIOCore

/// The frame decoder's fuzzing entry point: decodes arbitrary bytes the way a connection would
/// and checks the decoder's invariants, so a libFuzzer target (and the unit tests) can call it.
public enum RPCFrameDecoderFuzzing {
    /// What one input did.
    public struct Outcome: Sendable {
        /// Frames decoded before the input ran out or was refused.
        public var frames = 0
        /// The protocol error that ended decoding, if any.
        public var error: RPCProtocolError?
        /// Bytes still held waiting for the rest of a frame: never more than a maximum frame.
        public var retainedBytes = 0
        /// A decoded frame that, encoded again, did not decode to itself (a decoder/encoder bug).
        public var roundTripMismatch: String?
    }

    /// Decodes `bytes` (with the preface expected when `expectingPreface`) until they run out
    /// or a protocol error ends the connection; every frame is re-encoded and decoded again.
    public static func decode(_ bytes: [UInt8], maxFrameSize: Int = 64 * 1024, expectingPreface: Bool = false) -> Outcome {
        var outcome = Outcome()
        var decoder = RPCFrameDecoder(maxFrameSize: maxFrameSize, expectingPreface: expectingPreface)
        var buffer = ByteBuffer(bytes: bytes)
        while true {
            let frame: RPCFrame?
            do {
                frame = try decoder.decodeFrame(from: &buffer)
            } catch let error as RPCProtocolError {
                outcome.error = error
                break
            } catch {
                outcome.roundTripMismatch = "unexpected error type \(type(of: error))"
                break
            }
            guard let frame else { break }
            outcome.frames += 1
            if let mismatch = roundTrip(frame, maxFrameSize: maxFrameSize) {
                outcome.roundTripMismatch = mismatch
            }
        }
        outcome.retainedBytes = outcome.error == nil ? buffer.readableBytes : 0
        return outcome
    }

    private static func roundTrip(_ frame: RPCFrame, maxFrameSize: Int) -> String? {
        if case .malformed = frame { return nil }
        var encoded = ByteBuffer()
        do {
            try encoded.writeRPCFrame(frame)
        } catch {
            return "decoded \(frame) does not encode: \(error)"
        }
        var decoder = RPCFrameDecoder(maxFrameSize: maxFrameSize, expectingPreface: frame.isPreface)
        guard let again = try? decoder.decodeFrame(from: &encoded), again == frame, encoded.readableBytes == 0 else {
            return "\(frame) does not survive encoding"
        }
        return nil
    }
}

extension RPCFrame {
    var isPreface: Bool {
        if case .preface = self { return true }
        return false
    }
}
