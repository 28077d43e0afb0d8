internal import CCurl
internal import CPorticoShims

/// One libcurl easy handle and everything it points at (header list, request body, error
/// buffer, response collector), freed together in `deinit`.
///
/// Created, driven and released on the transfer loop's thread only. The loop removes the handle
/// from the multi handle before releasing it. libcurl's callbacks reach the collector through an
/// unretained pointer: this object is its one owner and outlives every callback.
final class EasyTransfer {
    let pending: PendingTransfer
    let handle: UnsafeMutableRawPointer
    let started = ContinuousClock.now
    private let collector: ResponseCollector
    private let requestBody: UnsafeMutableRawBufferPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headerList: UnsafeMutablePointer<curl_slist>?

    var spec: TransferSpec { pending.spec }

    init(_ pending: PendingTransfer) throws(HTTPClientError) {
        guard let handle = curl_easy_init() else {
            throw .transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), reason: "libcurl could not create a transfer")
        }
        let spec = pending.spec
        self.pending = pending
        self.handle = handle
        self.collector = ResponseCollector(
            maxBodyBytes: spec.maxResponseBytes, maxHeaderBytes: TransferSpec.maxHeaderBytes,
            expectsBody: spec.method != "HEAD", followsRedirects: spec.followRedirects)
        self.requestBody = .allocate(byteCount: max(1, spec.body.count), alignment: 1)
        self.requestBody.copyBytes(from: spec.body)
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        self.headerList = nil
        try configure()
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        requestBody.deallocate()
        errorBuffer.deallocate()
    }

    /// What the finished transfer amounts to, given libcurl's result code.
    func outcome(_ code: CURLcode) -> Result<HTTPClient.Response, HTTPClientError> {
        switch collector.refusal {
        case .bodyTooLarge(let limit), .headersTooLarge(let limit):
            return .failure(.responseTooLarge(limit: limit, url: spec.redactedURL))
        case nil:
            break
        }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            return .failure(CurlFailure.error(
                code: code, reason: URLRedaction.scrub(reason, secretsOf: spec.url), url: spec.redactedURL))
        }
        var status = 0
        _ = portico_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPClient.Response(
            status: status, headers: collector.headers, body: collector.body, url: spec.redactedURL))
    }

    // MARK: Options

    private func configure() throws(HTTPClientError) {
        let spec = self.spec
        try set(CURLOPT_URL, spec.url)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_FOLLOWLOCATION, spec.followRedirects ? 1 : 0)
        if spec.followRedirects { try set(CURLOPT_MAXREDIRS, TransferSpec.maxRedirects) }
        try set(CURLOPT_CONNECTTIMEOUT_MS, spec.connectTimeoutMilliseconds)
        try set(CURLOPT_TIMEOUT_MS, spec.timeoutMilliseconds)
        try set(CURLOPT_SSL_VERIFYPEER, spec.verifyTLS ? 1 : 0)
        try set(CURLOPT_SSL_VERIFYHOST, spec.verifyTLS ? 2 : 0)
        if let caBundlePath = spec.caBundlePath { try set(CURLOPT_CAINFO, caBundlePath) }
        try set(CURLOPT_USERAGENT, spec.userAgent)
        try set(CURLOPT_TCP_KEEPALIVE, 1)
        try check(portico_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), CURLOPT_ERRORBUFFER)

        for line in spec.headerLines {
            guard let extended = curl_slist_append(headerList, line) else {
                throw .transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), reason: "libcurl could not store a header")
            }
            headerList = extended
        }
        try check(portico_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList), CURLOPT_HTTPHEADER)

        let userdata = Unmanaged.passUnretained(collector).toOpaque()
        try check(portico_curl_easy_setopt_callback(handle, CURLOPT_WRITEFUNCTION, receiveBodyCallback), CURLOPT_WRITEFUNCTION)
        try check(portico_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, userdata), CURLOPT_WRITEDATA)
        try check(portico_curl_easy_setopt_callback(handle, CURLOPT_HEADERFUNCTION, receiveHeaderCallback), CURLOPT_HEADERFUNCTION)
        try check(portico_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, userdata), CURLOPT_HEADERDATA)

        switch spec.method {
        case "HEAD":
            try set(CURLOPT_NOBODY, 1)
        case "GET" where !spec.sendsBody:
            try set(CURLOPT_HTTPGET, 1)
        default:
            if spec.sendsBody {
                try check(
                    portico_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(spec.body.count)),
                    CURLOPT_POSTFIELDSIZE_LARGE)
                try check(
                    portico_curl_easy_setopt_pointer(handle, CURLOPT_POSTFIELDS, requestBody.baseAddress),
                    CURLOPT_POSTFIELDS)
            }
            if spec.method != "POST" || !spec.sendsBody { try set(CURLOPT_CUSTOMREQUEST, spec.method) }
        }
    }

    private func set(_ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        try check(portico_curl_easy_setopt_long(handle, option, value), option)
    }

    private func set(_ option: CURLoption, _ value: String) throws(HTTPClientError) {
        try check(portico_curl_easy_setopt_string(handle, option, value), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(HTTPClientError) {
        guard code == CURLE_OK else {
            throw .transport(
                code: Int(code.rawValue),
                reason: "libcurl refused option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))")
        }
    }
}

/// libcurl's write callback: hands body bytes to the `ResponseCollector` behind `userdata`.
private let receiveBodyCallback: portico_curl_data_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let (total, overflow) = size.multipliedReportingOverflow(by: count)
    guard !overflow else { return 0 }
    let collector = Unmanaged<ResponseCollector>.fromOpaque(userdata).takeUnretainedValue()
    let accepted = collector.receiveBody(UnsafeRawBufferPointer(start: data, count: total))
    return accepted ? total : 0
}

/// libcurl's header callback: hands each header line to the `ResponseCollector` behind `userdata`.
private let receiveHeaderCallback: portico_curl_data_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let (total, overflow) = size.multipliedReportingOverflow(by: count)
    guard !overflow else { return 0 }
    let collector = Unmanaged<ResponseCollector>.fromOpaque(userdata).takeUnretainedValue()
    let accepted = collector.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: total))
    return accepted ? total : 0
}
