import PorticoCore
import PorticoHTTP

/// Turns an AWS error response into an `AWSError`, whichever protocol wrote it: query and
/// REST-XML (`<ErrorResponse><Error><Code>…`, `<Error><Code>…` for S3), or the JSON protocols
/// (`{"__type": "com.amazonaws…#ResourceNotFoundException", "message": …}`).
enum AWSErrorParser {
    /// The longest message kept: error text is for people, and a huge body must not bloat errors.
    static let maxMessageLength = 1024

    static func parse(_ response: HTTPClient.Response, service: String, operation: String) -> AWSError {
        var code: String?
        var message: String?
        var requestID = response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"]

        if let headerType = response.headers["x-amzn-ErrorType"], !headerType.isEmpty {
            code = sanitize(code: headerType)
        }
        let body = response.body
        if let first = body.first(where: { !isWhitespace($0) }) {
            if first == UInt8(ascii: "{"), let json = try? JSONValue.parseAnswer(body) {
                let type = json["__type"]?.stringValue ?? json["code"]?.stringValue ?? json["Code"]?.stringValue
                if code == nil, let type { code = sanitize(code: type) }
                message = json["message"]?.stringValue ?? json["Message"]?.stringValue ?? json["errorMessage"]?.stringValue
            } else if first == UInt8(ascii: "<"), let tree = try? XMLTree.parse(body) {
                let error = tree.first(named: "Error") ?? tree
                if code == nil { code = error.string("Code").map(sanitize(code:)) }
                message = error.string("Message")
                requestID = requestID ?? tree.first(named: "RequestId")?.text ?? tree.first(named: "RequestID")?.text
            }
        }
        return AWSError(
            code: code ?? String(response.status),
            message: String((message ?? "").prefix(maxMessageLength)),
            statusCode: response.status,
            requestID: requestID,
            service: service,
            operation: operation)
    }

    /// `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException` and
    /// `ValidationException:http://internal.amazon.com/…` both become the bare code.
    static func sanitize(code: String) -> String {
        var value = Substring(code)
        if let hash = value.lastIndex(of: "#") { value = value[value.index(after: hash)...] }
        if let colon = value.firstIndex(of: ":") { value = value[..<colon] }
        return String(value.trimmingPrefix(" ").prefix(256))
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
