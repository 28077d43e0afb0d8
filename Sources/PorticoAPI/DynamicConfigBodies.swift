/// `GET /api/v2/dynamic_config`: the YAML text in force (comments kept) and the hex SHA-256 of
/// its bytes (`""` and the empty text's hash for the empty store).
public struct DynamicConfigAnswer: Codable, Sendable, Hashable {
    public var dynamicConfig: String
    public var sha256: String

    public init(dynamicConfig: String, sha256: String) {
        self.dynamicConfig = dynamicConfig
        self.sha256 = sha256
    }
}

/// `POST /api/v2/dynamic_config`'s body: the hash the editor loaded and the whole new text.
public struct DynamicConfigEdit: Codable, Sendable, Hashable {
    public var existingSHA256: String
    public var newConfig: String

    public init(existingSHA256: String, newConfig: String) {
        self.existingSHA256 = existingSHA256
        self.newConfig = newConfig
    }

    enum CodingKeys: String, CodingKey {
        case existingSHA256 = "existing_sha256"
        case newConfig = "new_config"
    }
}

/// A stored edit: `{"status": "success", "newConfig", "newsha256"}`, plus `newsha56`
/// (ConsoleMe's spelling, which its clients read) with the same hash.
public struct DynamicConfigSaved: Codable, Sendable, Hashable {
    public var status: String
    public var newConfig: String
    public var newSHA256: String
    public var newSHA56: String

    public init(newConfig: String, newSHA256: String) {
        status = "success"
        self.newConfig = newConfig
        self.newSHA256 = newSHA256
        newSHA56 = newSHA256
    }

    enum CodingKeys: String, CodingKey {
        case status, newConfig
        case newSHA256 = "newsha256"
        case newSHA56 = "newsha56"
    }
}

/// An edit not stored: 400 (`key_path` names the key at fault; empty for the document
/// itself), or 409 (`sha256` is the hash now in force: reload and edit again). The problem
/// shape (`application/problem+json`), with `message` starting with the key path.
public struct DynamicConfigProblem: Codable, Sendable, Hashable {
    public var status: Int
    public var title: String
    public var message: String
    public var keyPath: String?
    public var sha256: String?

    public init(status: Int, title: String, message: String, keyPath: String? = nil, sha256: String? = nil) {
        self.status = status
        self.title = title
        self.message = message
        self.keyPath = keyPath
        self.sha256 = sha256
    }

    enum CodingKeys: String, CodingKey {
        case status, title, message, sha256
        case keyPath = "key_path"
    }
}

/// `GET /api/v2/dynamic_config/history`: every stored version, newest first (the one in force
/// first). Restoring one is a POST of its `config`.
public struct DynamicConfigHistory: Codable, Sendable, Hashable {
    /// One stored version: its text, hash, who stored it and when (epoch seconds, and milliseconds).
    public struct Version: Codable, Sendable, Hashable {
        public var config: String
        public var sha256: String
        public var updatedBy: String
        public var updatedAt: Int64
        public var updatedAtMS: Int64

        public init(config: String, sha256: String, updatedBy: String, updatedAtMS: Int64) {
            self.config = config
            self.sha256 = sha256
            self.updatedBy = updatedBy
            updatedAt = updatedAtMS / 1000
            self.updatedAtMS = updatedAtMS
        }

        enum CodingKeys: String, CodingKey {
            case config, sha256
            case updatedBy = "updated_by"
            case updatedAt = "updated_at"
            case updatedAtMS = "updated_at_ms"
        }
    }

    public var versions: [Version]

    public init(versions: [Version]) { self.versions = versions }
}
