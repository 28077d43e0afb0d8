import Foundation

/// The CLI's sign-in to one gateway, as stored in `~/.config/portico/session` (0600): the
/// session token (sent as `Authorization: Bearer`, never printed), whose it is and when it ends.
struct StoredSession: Codable, Sendable, Equatable {
    var url: String
    var user: String
    var token: String
    /// Seconds since 1970.
    var expiration: Int64

    /// Whether the session still has a minute to run at `now`.
    func isValid(at now: Date = Date()) -> Bool {
        Double(expiration) > now.timeIntervalSince1970 + 60
    }

    enum CodingKeys: String, CodingKey {
        case url, user, token, expiration
    }
}

/// Reads and writes the stored session.
struct SessionStore: Sendable {
    let path: String

    /// The stored session for `url`, valid or not; nil when there is none for that gateway.
    func load(for url: String) -> StoredSession? {
        guard let data = PrivateFile.read(path), let session = try? JSONDecoder().decode(StoredSession.self, from: data),
              session.url == url
        else { return nil }
        return session
    }

    func save(_ session: StoredSession) throws(CLIError) {
        let data: Data
        do {
            data = try JSONEncoder().encode(session)
        } catch {
            throw .file("cannot encode the session: \(error)")
        }
        try PrivateFile.write(data, to: path)
    }

    func forget() { PrivateFile.remove(path) }
}
