import Foundation
import PorticoAPI

/// One role's temporary credentials as `portico` caches them under
/// `~/.cache/portico/credentials/` (0600): whose and from which gateway they are, so a cache
/// entry is never handed to another user or for another gateway.
struct CachedCredentials: Codable, Sendable, Equatable {
    var url: String
    var user: String
    var role: String
    var noIPRestrictions: Bool
    var accessKeyID: String
    var secretAccessKey: String
    var sessionToken: String
    /// Seconds since 1970.
    var expiration: Int64

    /// How long before expiry credentials are refreshed (the AWS SDKs' own margin is 5–15 minutes).
    static let refreshMargin: TimeInterval = 600

    /// Whether they have more than `refreshMargin` left at `now`.
    func isFresh(at now: Date = Date()) -> Bool {
        Double(expiration) - now.timeIntervalSince1970 > Self.refreshMargin
    }

    var expirationDate: Date { Date(timeIntervalSince1970: TimeInterval(expiration)) }

    /// The expiry in RFC 3339, UTC (`2026-12-03T17:00:00Z`), as the AWS CLI and the SDKs read it.
    var expirationText: String { Self.rfc3339(expirationDate) }

    static func rfc3339(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        return formatter.string(from: date)
    }

    enum CodingKeys: String, CodingKey {
        case url, user, role
        case noIPRestrictions = "no_ip_restrictions"
        case accessKeyID = "access_key_id"
        case secretAccessKey = "secret_access_key"
        case sessionToken = "session_token"
        case expiration
    }
}

/// The per-role credential cache: fresh entries are used as they are (no gateway call), others
/// are fetched from the gateway and stored.
struct CredentialCache {
    let directory: String

    /// The file for `role` (percent-encoded, so any role text is one safe file name).
    func path(role: String, noIPRestrictions: Bool) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.")
        let name = role.addingPercentEncoding(withAllowedCharacters: allowed) ?? "role"
        return directory + "/" + name + (noIPRestrictions ? ".no-ip" : "") + ".json"
    }

    func load(role: String, noIPRestrictions: Bool, url: String, user: String?) -> CachedCredentials? {
        guard let data = PrivateFile.read(path(role: role, noIPRestrictions: noIPRestrictions)),
              let entry = try? JSONDecoder().decode(CachedCredentials.self, from: data),
              entry.url == url, entry.role == role, entry.noIPRestrictions == noIPRestrictions, user == nil || entry.user == user
        else { return nil }
        return entry
    }

    func store(_ entry: CachedCredentials) throws(CLIError) {
        let data: Data
        do {
            data = try JSONEncoder().encode(entry)
        } catch {
            throw .file("cannot encode the credentials: \(error)")
        }
        try PrivateFile.write(data, to: path(role: entry.role, noIPRestrictions: entry.noIPRestrictions))
    }
}

extension CLIContext {
    var credentialCache: CredentialCache { CredentialCache(directory: paths.credentialCacheDirectory) }

    /// Credentials for `role`: from the cache while they have more than 10 minutes left (and the
    /// session that fetched them is still the stored one), else from the gateway (logging in if
    /// needed), then cached. `refresh` skips the cache.
    func credentials(for role: String, refresh: Bool = false) async throws(CLIError) -> CachedCredentials {
        let noIP = options.noIP
        if !refresh, let session = validSession,
           let cached = credentialCache.load(role: role, noIPRestrictions: noIP, url: url, user: session.user), cached.isFresh()
        {
            return cached
        }
        return try await withSession { session throws(CLIError) in
            let issued = try await gateway.credentials(role: role, noIPRestrictions: noIP, token: session.token)
            let entry = CachedCredentials(
                url: url, user: session.user, role: role, noIPRestrictions: noIP, accessKeyID: issued.accessKeyID,
                secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken, expiration: issued.expiration)
            try credentialCache.store(entry)
            return entry
        }
    }
}
