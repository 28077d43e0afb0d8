import FuzzSupport
import NIOCore
import NIOEmbedded
import Proto

/// libFuzzer entry point for the RPC frame decoder. The first input byte picks the mode (bit 0:
/// the peer's preface comes first; bit 1: a 64 KiB instead of a 1 KiB max frame size; bits 2–7:
/// the chunk size the rest is fed in); the rest are the bytes a peer sends.
@_cdecl("LLVMFuzzerTestOneInput")
public func frameFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let mode = input.first else { return 0 }
    let bytes = Array(input.dropFirst())
    let expectingPreface = mode & 1 == 1
    let maxFrameSize = mode & 2 == 0 ? 1024 : 64 * 1024
    let chunkSize = Int(mode >> 2) + 1

    // The decoder alone: every frame it produces survives re-encoding, and it never holds more
    // than one maximum frame.
    let outcome = RPCFrameDecoderFuzzing.decode(bytes, maxFrameSize: maxFrameSize, expectingPreface: expectingPreface)
    fuzzCheck(outcome.roundTripMismatch == nil, outcome.roundTripMismatch ?? "")
    fuzzCheck(outcome.retainedBytes <= maxFrameSize + RPCWireFormat.headerLength,
              "retained \(outcome.retainedBytes) bytes with a max frame size of \(maxFrameSize)")

    // The server's pipeline, fed in chunks: no crash, and a protocol error closes the channel.
    FrameChannelCheck.run(bytes, chunkSize: chunkSize, maxFrameSize: maxFrameSize, expectingPreface: expectingPreface,
                          expectedError: outcome.error)
    return 0
}

/// Feeds bytes to the decoder and protocol error handler in an `EmbeddedChannel`.
enum FrameChannelCheck {
    static func run(_ bytes: [UInt8], chunkSize: Int, maxFrameSize: Int, expectingPreface: Bool, expectedError: RPCProtocolError?) {
        let channel = EmbeddedChannel()
        do {
            try channel.pipeline.syncOperations.addHandlers([
                ByteToMessageHandler(RPCFrameDecoder(maxFrameSize: maxFrameSize, expectingPreface: expectingPreface)),
                RPCFrameEncoder(),
                RPCProtocolErrorHandler(role: .server),
            ])
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        } catch {
            fuzzFailure("cannot set up the channel: \(error)")
        }
        var sawError: (any Error)?
        var offset = 0
        while offset < bytes.count, channel.isActive {
            let end = min(offset + chunkSize, bytes.count)
            do {
                try channel.writeInbound(ByteBuffer(bytes: bytes[offset..<end]))
            } catch {
                sawError = error
            }
            while (try? channel.readInbound(as: RPCFrame.self)) != nil {}
            offset = end
        }
        if let expectedError {
            fuzzCheck(!channel.isActive, "the channel stayed open after \(expectedError)")
            fuzzCheck(sawError != nil, "no error surfaced for \(expectedError)")
        } else {
            fuzzCheck(sawError == nil, "unexpected error \(String(describing: sawError))")
        }
        _ = try? channel.finish()
        // Closing schedules the pipeline's teardown on the embedded loop, which only runs when
        // asked; without this the channel and its handlers would never be freed.
        channel.embeddedEventLoop.run()
    }
}
