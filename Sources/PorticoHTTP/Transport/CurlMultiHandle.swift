internal import CCurl
internal import CPorticoShims

/// The one libcurl multi handle of a client: its connection cache is what lets requests reuse
/// connections. Cleaned up (closing cached connections) when the last reference goes.
///
/// `@unchecked Sendable`: everything but `wakeup()` is called on the transfer loop's thread
/// only; `curl_multi_wakeup` is documented thread-safe, and the mailbox calls it under its lock
/// only while the loop still holds the handle open.
final class CurlMultiHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    /// Nil when libcurl cannot create a multi handle (out of memory).
    init?(maxConnectionsPerHost: Int) {
        guard let raw = curl_multi_init() else { return nil }
        self.raw = raw
        _ = portico_curl_multi_setopt_long(raw, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maxConnectionsPerHost))
    }

    deinit { curl_multi_cleanup(raw) }

    /// Interrupts a `poll` in progress (or the next one), from any thread.
    func wakeup() { _ = curl_multi_wakeup(raw) }

    /// Runs transfers as far as they go without blocking.
    func perform() -> CURLMcode {
        var running: Int32 = 0
        return curl_multi_perform(raw, &running)
    }

    /// Blocks until a socket is ready, libcurl's own timer fires, `wakeup()` is called, or
    /// `timeoutMilliseconds` pass.
    func poll(timeoutMilliseconds: Int32) -> CURLMcode {
        curl_multi_poll(raw, nil, 0, timeoutMilliseconds, nil)
    }

    func add(_ easy: UnsafeMutableRawPointer) -> CURLMcode { curl_multi_add_handle(raw, easy) }

    func remove(_ easy: UnsafeMutableRawPointer) { _ = curl_multi_remove_handle(raw, easy) }

    /// The next finished transfer, if any, with libcurl's result for it.
    func nextFinished() -> (easy: UnsafeMutableRawPointer, result: CURLcode)? {
        var easy: UnsafeMutableRawPointer?
        var result = CURLE_OK
        guard portico_curl_multi_next_done(raw, &easy, &result) == 1, let easy else { return nil }
        return (easy, result)
    }
}
