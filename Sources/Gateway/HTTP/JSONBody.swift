import Foundation
import Hummingbird
import PorticoAPI

/// JSON responses of the gateway, in `PorticoAPI`'s wire format (`APIJSON`: sorted keys, stable
/// output), never cached (bodies carry identities and tokens).
enum JSONBody {
    /// The encoded bytes; an `Encodable` made of plain fields cannot fail to encode, and if one
    /// ever did the answer is an empty object rather than a crash.
    static func encode(_ value: some Encodable) -> [UInt8] {
        (try? Array(APIJSON.encode(value))) ?? Array("{}".utf8)
    }

    /// A `200` (or `status`) response with `value` as its JSON body.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: encode(value))))
    }
}
