public import Foundation
public import PorticoCore

extension JSONValue {
    /// A timestamp written as epoch seconds (the JSON protocols' default) or ISO 8601 text.
    public var dateValue: Date? {
        switch self {
        case .number(let seconds): Date(timeIntervalSince1970: seconds)
        case .string(let text): ISO8601Timestamp.parse(text) ?? Double(text).map(Date.init(timeIntervalSince1970:))
        default: nil
        }
    }

    /// Parses an AWS JSON answer; throws `AWSClientError.malformedResponse` when it is not JSON.
    static func parseAnswer(_ bytes: [UInt8]) throws -> JSONValue {
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw AWSClientError.malformedResponse("JSON: \(error.reason)")
        }
    }
}
