internal import COpenSSL

/// OpenSSL's per-thread error queue, emptied after every failure so that one call's errors never
/// show up as the cause of a later, unrelated failure on the same thread.
enum OpenSSLErrorQueue {
    /// Empties the queue and returns the reason of its oldest entry.
    ///
    /// Only OpenSSL's static reason text is returned (such as "no start line" or "wrong tag"),
    /// never the per-error data string, so the result cannot carry key material.
    static func drainReason() -> String? {
        defer { ERR_clear_error() }
        let code = ERR_peek_error()
        guard code != 0, let reason = ERR_reason_error_string(code) else { return nil }
        return String(cString: reason)
    }

    /// Empties the queue without looking at it (after an expected failure, such as a bad signature).
    static func clear() {
        ERR_clear_error()
    }

    /// `message`, followed by OpenSSL's reason for the failure when it gave one; empties the queue.
    static func explain(_ message: String) -> String {
        guard let reason = drainReason() else { return message }
        return "\(message) (OpenSSL: \(reason))"
    }
}

/// Stops the process when OpenSSL fails at an operation that no input can make fail — hashing,
/// MAC computation or encoding a key that was already loaded. Such a failure means the process is
/// out of memory or the OpenSSL installation lacks its default provider; like an allocation
/// failure in Swift itself, there is no meaningful way to continue.
func openSSLUnusable(_ operation: String) -> Never {
    let reason = OpenSSLErrorQueue.drainReason() ?? "no reason given"
    fatalError("OpenSSL failed to \(operation) (\(reason)): out of memory or no default provider")
}

extension CryptoError {
    /// `.invalidKey` whose reason ends with OpenSSL's own reason, if any; empties the error queue.
    static func invalidKey(explaining message: String) -> CryptoError {
        .invalidKey(reason: OpenSSLErrorQueue.explain(message))
    }

    /// `.signingFailed` whose reason ends with OpenSSL's own reason, if any; empties the error queue.
    static func signingFailed(explaining message: String) -> CryptoError {
        .signingFailed(reason: OpenSSLErrorQueue.explain(message))
    }
}
