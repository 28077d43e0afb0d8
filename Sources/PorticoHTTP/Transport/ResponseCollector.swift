/// Builds the response from what libcurl's header and write callbacks hand over, and refuses it
/// (making the callback abort the transfer) as soon as it would outgrow its limits.
///
/// Pure Swift and single-threaded: it lives on the transfer loop's thread with its easy handle.
final class ResponseCollector {
    /// Which limit made the collector refuse the response.
    enum Refusal: Equatable {
        case bodyTooLarge(limit: Int)
        case headersTooLarge(limit: Int)
    }

    let maxBodyBytes: Int
    let maxHeaderBytes: Int
    /// False for HEAD, whose `Content-Length` describes a body that never comes.
    let expectsBody: Bool
    /// Whether libcurl follows redirects, so a 3xx response is not the one returned.
    let followsRedirects: Bool

    private(set) var status: Int?
    private(set) var headers = HTTPClient.Headers()
    private(set) var body: [UInt8] = []
    private(set) var refusal: Refusal?
    private var headerBytes = 0

    init(maxBodyBytes: Int, maxHeaderBytes: Int, expectsBody: Bool, followsRedirects: Bool) {
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.expectsBody = expectsBody
        self.followsRedirects = followsRedirects
    }

    /// Takes one header line (CRLF included), a status line, or the blank line ending a block.
    /// Returns false to abort the transfer.
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) -> Bool {
        guard refusal == nil else { return false }
        headerBytes += line.count
        guard headerBytes <= maxHeaderBytes else {
            refusal = .headersTooLarge(limit: maxHeaderBytes)
            return false
        }
        let folded = line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t")
        let text = String(decoding: line, as: UTF8.self).trimmingHTTPWhitespace()
        guard !text.isEmpty else { return true }
        if text.hasPrefix("HTTP/") {
            // A new response starts (after `100 Continue` or a followed redirect): forget the last.
            status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
            headers = HTTPClient.Headers()
            return true
        }
        if folded {
            // An obsolete folded line continues the previous field's value.
            headers.extendLastValue(with: text)
            return true
        }
        guard let colon = text.firstIndex(of: ":") else { return true }
        let name = String(text[..<colon]).trimmingHTTPWhitespace()
        let value = String(text[text.index(after: colon)...]).trimmingHTTPWhitespace()
        headers.add(name: name, value: value)
        if HTTPClient.Headers.sameName(name, "Content-Length"), let declared = Int(value), bodyWillBeReturned {
            guard declared <= maxBodyBytes else {
                refusal = .bodyTooLarge(limit: maxBodyBytes)
                return false
            }
            body.reserveCapacity(declared)
        }
        return true
    }

    /// Takes a piece of the body. Returns false (abort) once the body would exceed the limit.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard refusal == nil else { return false }
        guard bytes.count <= maxBodyBytes - body.count else {
            refusal = .bodyTooLarge(limit: maxBodyBytes)
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Whether the body of the response now being received is the one handed to the caller.
    private var bodyWillBeReturned: Bool {
        guard expectsBody, let status, status >= 200, status != 204, status != 304 else { return false }
        return !(followsRedirects && (300..<400).contains(status))
    }
}

extension String {
    /// Without leading and trailing spaces, tabs, CR and LF.
    fileprivate func trimmingHTTPWhitespace() -> String {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let start = firstIndex(where: { !isWhitespace($0) }),
              let end = lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return String(self[start...end])
    }
}
