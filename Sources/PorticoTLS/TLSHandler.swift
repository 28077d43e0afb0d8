public import NIOCore
internal import COpenSSL

/// TLS for one connection, with OpenSSL over memory BIOs: ciphertext from the network is fed to
/// OpenSSL and the plaintext it yields goes up the pipeline; plaintext written down the pipeline
/// is encrypted and written out. Put it first in a channel's pipeline. A client starts the
/// handshake as soon as the channel is active; writes made before it finishes are held and sent
/// after. When the handshake is done it fires `TLSHandshakeCompleted` (the peer certificate's
/// CN). A failed handshake fires `TLSError.handshake` and closes the connection. OpenSSL is
/// only called on the channel's event loop, and never blocks (memory BIOs).
public final class TLSHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private enum State {
        case idle
        case handshaking
        case active
        case closed
    }

    private let tls: TLSContext
    private let serverName: String?
    private var ssl: OpaquePointer?
    private var networkIn: OpaquePointer?
    private var networkOut: OpaquePointer?
    private var state = State.idle
    private var heldWrites: [(ByteBuffer, EventLoopPromise<Void>?)] = []
    private var plaintext = [UInt8](repeating: 0, count: 16 * 1024)

    /// - Parameters:
    ///   - context: the server's or client's TLS context.
    ///   - serverName: (client) the host name or IP address the server's certificate must be
    ///     for; sent as SNI when it is a name.
    public init(context: TLSContext, serverName: String? = nil) {
        self.tls = context
        self.serverName = serverName
    }

    deinit {
        if let ssl { SSL_free(ssl) }
    }

    // MARK: Lifecycle

    public func handlerAdded(context: ChannelHandlerContext) {
        guard let ssl = SSL_new(tls.handle), let input = BIO_new(BIO_s_mem()), let output = BIO_new(BIO_s_mem()) else {
            return fail(context: context, .configuration(TLSError.explain("cannot start a TLS connection")))
        }
        SSL_set_bio(ssl, input, output)  // the SSL owns both BIOs from here
        self.ssl = ssl
        networkIn = input
        networkOut = output
        switch tls.role {
        case .server:
            SSL_set_accept_state(ssl)
        case .client:
            SSL_set_connect_state(ssl)
            if let serverName { expect(serverName: serverName, on: ssl) }
        }
        if context.channel.isActive { start(context: context) }
    }

    private func expect(serverName: String, on ssl: OpaquePointer) {
        if (try? SocketAddress(ipAddress: serverName, port: 0)) != nil {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), serverName)
        } else {
            SSL_set1_host(ssl, serverName)
            serverName.withCString {
                _ = SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name), UnsafeMutableRawPointer(mutating: $0))
            }
        }
    }

    public func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    private func start(context: ChannelHandlerContext) {
        guard case .idle = state, ssl != nil else { return }
        state = .handshaking
        if tls.role == .client { advanceHandshake(context: context) }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        state = .closed
        failHeldWrites(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }

    // MARK: Reading

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let networkIn, state != .closed else { return }
        if case .idle = state { start(context: context) }
        let bytes = unwrapInboundIn(data)
        let written = bytes.withUnsafeReadableBytes { BIO_write(networkIn, $0.baseAddress, Int32($0.count)) }
        guard written == bytes.readableBytes else {
            return fail(context: context, .connection(TLSError.explain("cannot buffer received bytes")))
        }
        if case .handshaking = state { advanceHandshake(context: context) }
        if case .active = state { readPlaintext(context: context) }
    }

    private func advanceHandshake(context: ChannelHandlerContext) {
        guard let ssl else { return }
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            state = .active
            writeCiphertext(context: context, promise: nil)
            context.flush()
            context.fireUserInboundEventTriggered(TLSHandshakeCompleted(peerCommonName: peerCommonName(ssl)))
            let held = heldWrites
            heldWrites = []
            for (buffer, promise) in held { encrypt(buffer, context: context, promise: promise) }
            if !held.isEmpty { context.flush() }
            return
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            writeCiphertext(context: context, promise: nil)
            context.flush()
        default:
            let reason = TLSError.explain("the peer was refused or refused us")
            // Send the alert OpenSSL prepared, so the peer learns why.
            writeCiphertext(context: context, promise: nil)
            context.flush()
            fail(context: context, .handshake(reason))
        }
    }

    private func readPlaintext(context: ChannelHandlerContext) {
        while case .active = state, let ssl {
            let count = plaintext.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if count > 0 {
                var buffer = context.channel.allocator.buffer(capacity: Int(count))
                plaintext.withUnsafeBytes { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: $0[..<Int(count)])) }
                context.fireChannelRead(wrapInboundOut(buffer))
                continue
            }
            switch SSL_get_error(ssl, count) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                // Post-handshake messages (session tickets) may want sending.
                writeCiphertext(context: context, promise: nil)
                context.flush()
            case SSL_ERROR_ZERO_RETURN:
                state = .closed
                context.close(promise: nil)
            default:
                fail(context: context, .connection(TLSError.explain("the TLS stream is corrupt")))
            }
            return
        }
    }

    private func peerCommonName(_ ssl: OpaquePointer) -> String? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        guard SSL_get_verify_result(ssl) == Int(X509_V_OK), let subject = X509_get_subject_name(certificate) else { return nil }
        var name = [CChar](repeating: 0, count: 256)
        let length = X509_NAME_get_text_by_NID(subject, NID_commonName, &name, Int32(name.count))
        guard length > 0 else { return nil }
        return String(decoding: name.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Writing

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = unwrapOutboundIn(data)
        switch state {
        case .active:
            encrypt(buffer, context: context, promise: promise)
        case .idle, .handshaking:
            heldWrites.append((buffer, promise))
        case .closed:
            promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }

    public func flush(context: ChannelHandlerContext) {
        context.flush()
    }

    private func encrypt(_ buffer: ByteBuffer, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard let ssl, buffer.readableBytes > 0 else {
            promise?.succeed()
            return
        }
        let written = buffer.withUnsafeReadableBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
        guard written == buffer.readableBytes else {
            promise?.fail(TLSError.connection("cannot encrypt"))
            return fail(context: context, .connection(TLSError.explain("cannot encrypt")))
        }
        writeCiphertext(context: context, promise: promise)
    }

    /// Writes out whatever ciphertext OpenSSL has produced (not flushed).
    private func writeCiphertext(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard let networkOut else {
            promise?.succeed()
            return
        }
        let pending = Int(BIO_ctrl(networkOut, BIO_CTRL_PENDING, 0, nil))
        guard pending > 0 else {
            promise?.succeed()
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: pending)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { bytes in
            Int(max(BIO_read(networkOut, bytes.baseAddress, Int32(pending)), 0))
        }
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if case .active = state, mode == .all, let ssl {
            SSL_shutdown(ssl)  // close_notify; the peer's answer is not waited for
            writeCiphertext(context: context, promise: nil)
            context.flush()
        }
        state = .closed
        failHeldWrites(ChannelError.ioOnClosedChannel)
        context.close(mode: mode, promise: promise)
    }

    private func fail(context: ChannelHandlerContext, _ error: TLSError) {
        guard state != .closed else { return }
        state = .closed
        ERR_clear_error()
        failHeldWrites(error)
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    private func failHeldWrites(_ error: any Error) {
        let held = heldWrites
        heldWrites = []
        for (_, promise) in held { promise?.fail(error) }
    }
}

@available(*, unavailable)
extension TLSHandler: Sendable {}
