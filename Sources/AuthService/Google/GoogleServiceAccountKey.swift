import Foundation
import PorticoCrypto

/// A Google service account's JSON key (the file Google Cloud console downloads): the account's
/// email, which is the assertion's issuer, and the RSA key that signs it.
///
/// Printing it shows the account only; the private key never leaves this value except as
/// signatures.
public struct GoogleServiceAccountKey: Sendable {
    /// `client_email`: the service account, issuer of every assertion.
    public let clientEmail: String
    /// `private_key_id`, sent as the assertion's `kid` when present.
    public let keyID: String?
    let privateKey: RSAPrivateKey

    /// The largest key file read: real ones are about 2.4 KB.
    public static let maxFileBytes = 64 * 1024

    /// Reads and parses the key file at `path`.
    public static func load(path: String) throws(GoogleServiceKeyError) -> GoogleServiceAccountKey {
        let contents: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            contents = try handle.read(upToCount: maxFileBytes + 1) ?? Data()
        } catch {
            throw .unreadable(path: path, reason: Self.reason(error))
        }
        guard contents.count <= maxFileBytes else { throw .tooLarge(path: path, limit: maxFileBytes) }
        return try GoogleServiceAccountKey(json: Array(contents), source: path)
    }

    /// Parses key JSON; `source` names it in errors (the file's path).
    public init(json: [UInt8], source: String) throws(GoogleServiceKeyError) {
        let fields: KeyFile
        do {
            fields = try JSONDecoder().decode(KeyFile.self, from: Data(json))
        } catch let DecodingError.keyNotFound(key, _) {
            throw .malformed(path: source, reason: "'\(key.stringValue)' is missing")
        } catch let DecodingError.typeMismatch(_, context) where !context.codingPath.isEmpty {
            throw .malformed(path: source, reason: "'\(Self.field(context))' is not a string")
        } catch let DecodingError.valueNotFound(_, context) {
            throw .malformed(path: source, reason: "'\(Self.field(context))' is null")
        } catch {
            throw .malformed(path: source, reason: "not a JSON object")
        }
        if let type = fields.type, type != "service_account" {
            throw .malformed(path: source, reason: "'type' is '\(type.prefix(40))', not 'service_account'")
        }
        guard GroupRequest.problem(with: fields.clientEmail, maxBytes: 320) == nil, fields.clientEmail.contains("@") else {
            throw .malformed(path: source, reason: "'client_email' is not an email address")
        }
        do {
            privateKey = try RSAPrivateKey(pemRepresentation: fields.privateKey)
        } catch {
            throw .invalidPrivateKey(path: source, reason: Self.reason(error))
        }
        clientEmail = fields.clientEmail
        keyID = fields.privateKeyID.flatMap { GroupRequest.problem(with: $0, maxBytes: 128) == nil ? $0 : nil }
    }

    /// The fields Portico uses; the rest of the file is ignored.
    private struct KeyFile: Decodable {
        var type: String?
        var clientEmail: String
        var privateKey: String
        var privateKeyID: String?

        enum CodingKeys: String, CodingKey {
            case type
            case clientEmail = "client_email"
            case privateKey = "private_key"
            case privateKeyID = "private_key_id"
        }
    }

    private static func field(_ context: DecodingError.Context) -> String {
        context.codingPath.map(\.stringValue).joined(separator: ".")
    }

    /// An error's own description when it is ours (never quoting input), else its kind only.
    private static func reason(_ error: any Error) -> String {
        switch error {
        case let error as CryptoError: error.description
        case let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile:
            "no such file"
        case let error as CocoaError where error.code == .fileReadNoPermission:
            "permission denied"
        default: "\(type(of: error))"
        }
    }
}

extension GoogleServiceAccountKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The account only; the key stays out of logs.
    public var description: String { "GoogleServiceAccountKey(\(clientEmail), <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["clientEmail": clientEmail], displayStyle: .struct) }
}
