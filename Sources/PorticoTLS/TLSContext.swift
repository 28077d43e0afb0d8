internal import COpenSSL

/// An OpenSSL TLS context (`SSL_CTX`) for one side of Portico's RPC connections, loaded from PEM
/// files: the server's certificate chain and key (and, for mutual TLS, the CA its clients'
/// certificates must chain to), or a client's trusted CA (and, optionally, its own certificate).
/// TLS 1.2 is the oldest version spoken. Immutable once made, so shared by every connection.
public final class TLSContext: @unchecked Sendable {
    // @unchecked: the SSL_CTX is only read after init (OpenSSL allows concurrent SSL_new on it).
    let handle: OpaquePointer
    /// Which end of a connection the context is for.
    public let role: Role
    /// Whether a server asks for (and verifies) client certificates.
    public let verifiesClientCertificates: Bool

    /// Which end of the TLS connection.
    public enum Role: Sendable {
        case server
        case client
    }

    /// A server context: `certificatePath` (PEM chain, leaf first) and `keyPath` (PEM key).
    /// With `clientCAPath`, clients are asked for a certificate: one that CA did not sign fails
    /// the handshake; a client without one may still connect (and must then authenticate its
    /// calls with service tokens alone).
    /// - Throws: `TLSError.configuration` naming the file and OpenSSL's reason.
    public static func server(certificatePath: String, keyPath: String, clientCAPath: String? = nil) throws(TLSError) -> TLSContext {
        let context = try TLSContext(role: .server, verifiesClientCertificates: clientCAPath != nil)
        try context.useCertificate(chainPath: certificatePath, keyPath: keyPath)
        if let clientCAPath {
            try context.trust(caPath: clientCAPath)
            SSL_CTX_set_verify(context.handle, SSL_VERIFY_PEER, nil)
        }
        return context
    }

    /// A client context trusting the CA in `caPath` (PEM); with `certificatePath` and `keyPath`,
    /// it presents that certificate to servers that ask (mutual TLS). Server names are checked
    /// against the certificate (see `TLSHandler`).
    /// - Throws: `TLSError.configuration` naming the file and OpenSSL's reason.
    public static func client(caPath: String, certificatePath: String? = nil, keyPath: String? = nil) throws(TLSError) -> TLSContext {
        let context = try TLSContext(role: .client, verifiesClientCertificates: false)
        try context.trust(caPath: caPath)
        SSL_CTX_set_verify(context.handle, SSL_VERIFY_PEER, nil)
        switch (certificatePath, keyPath) {
        case let (certificate?, key?): try context.useCertificate(chainPath: certificate, keyPath: key)
        case (nil, nil): break
        default: throw .configuration("a client certificate needs both its certificate and its key")
        }
        return context
    }

    private init(role: Role, verifiesClientCertificates: Bool) throws(TLSError) {
        let method = role == .server ? TLS_server_method() : TLS_client_method()
        guard let handle = SSL_CTX_new(method) else { throw .configuration(TLSError.explain("cannot create a TLS context")) }
        self.handle = handle
        self.role = role
        self.verifiesClientCertificates = verifiesClientCertificates
        guard SSL_CTX_ctrl(handle, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(TLS1_2_VERSION), nil) == 1 else {
            throw .configuration(TLSError.explain("cannot require TLS 1.2"))
        }
    }

    deinit {
        SSL_CTX_free(handle)
    }

    private func useCertificate(chainPath: String, keyPath: String) throws(TLSError) {
        guard SSL_CTX_use_certificate_chain_file(handle, chainPath) == 1 else {
            throw .configuration(TLSError.explain("cannot load the certificate chain \(chainPath)"))
        }
        guard SSL_CTX_use_PrivateKey_file(handle, keyPath, SSL_FILETYPE_PEM) == 1 else {
            throw .configuration(TLSError.explain("cannot load the private key \(keyPath)"))
        }
        guard SSL_CTX_check_private_key(handle) == 1 else {
            throw .configuration(TLSError.explain("the private key \(keyPath) does not match the certificate \(chainPath)"))
        }
    }

    private func trust(caPath: String) throws(TLSError) {
        guard SSL_CTX_load_verify_locations(handle, caPath, nil) == 1 else {
            throw .configuration(TLSError.explain("cannot load the CA certificates \(caPath)"))
        }
    }
}
