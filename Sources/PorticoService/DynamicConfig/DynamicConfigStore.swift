import Foundation
public import PorticoAWS
import PorticoCrypto

/// The dynamic configuration in DynamoDB (ConsoleMe's table `consoleme_config_global`, hash key
/// `id`): item `master` holds the YAML text, its SHA-256, who wrote it and when; each write
/// first copies the version it replaces to a history item (`history:<updated_at ms>:<sha>`) and
/// then replaces `master` on the condition that its hash is still the one the editor read, so of
/// two editors starting from the same version exactly one wins and the other is told the
/// current hash (ConsoleMe's check-then-put could lose an edit).
public struct DynamicConfigStore: Sendable {
    public let dynamo: DynamoDBClient
    public let table: String

    public static let defaultTable = "consoleme_config_global"
    static let masterID = "master"
    static let historyPrefix = "history:"

    public init(dynamo: DynamoDBClient, table: String = DynamicConfigStore.defaultTable) {
        self.dynamo = dynamo
        self.table = table
    }

    /// One stored version.
    public struct Version: Sendable, Equatable {
        public var text: String
        public var sha256: String
        public var updatedBy: String
        /// Epoch milliseconds; 0 for the empty store.
        public var updatedAt: Int64
    }

    /// Why a write was not stored.
    public enum WriteError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The text does not pass `DynamicConfigSchema`.
        case invalid(DynamicConfigSchema.Invalid)
        /// The text is the version the editor started from.
        case unchanged
        /// Another editor stored a version meanwhile; `current` is its hash.
        case conflict(current: String)

        public var description: String {
            switch self {
            case .invalid(let invalid): "invalid dynamic configuration: \(invalid)"
            case .unchanged: "You didn't change the dynamic configuration"
            case .conflict(let current): "the dynamic configuration was changed by someone else (now \(current)); reload it"
            }
        }
    }

    /// The hex SHA-256 of `text`'s bytes.
    public static func sha256(_ text: String) -> String { Hex.encode(SHA256.hash(Array(text.utf8))) }

    /// Creates the table when missing (`dynamodb.create_tables`).
    public func ensureTable() async throws {
        do {
            _ = try await dynamo.describeTable(name: table)
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            do {
                _ = try await dynamo.createTable(DynamoTableDefinition(name: table, partitionKey: .init("id")))
            } catch let error as AWSError where error.code == "ResourceInUseException" {}
        }
    }

    /// The current version (the empty text and its hash when nothing was stored).
    public func current() async throws -> Version {
        guard let item = try await dynamo.getItem(table: table, key: ["id": .string(Self.masterID)], consistentRead: true) else {
            return Version(text: "", sha256: Self.sha256(""), updatedBy: "", updatedAt: 0)
        }
        return Self.version(item)
    }

    /// Stores `text` over the version whose hash is `expectedSHA256`; returns the stored version.
    public func write(_ text: String, expectedSHA256: String, by user: String) async throws -> Version {
        do {
            _ = try DynamicConfigSchema.validate(text)
        } catch {
            throw WriteError.invalid(error)
        }
        let sha = Self.sha256(text)
        guard sha != expectedSHA256 else { throw WriteError.unchanged }
        let previous = try await current()
        guard previous.sha256 == expectedSHA256 else { throw WriteError.conflict(current: previous.sha256) }
        if previous.updatedAt > 0 {
            // Same id for the same version, so a losing editor's copy is the winner's too.
            try await dynamo.putItem(table: table, item: Self.item(previous, id: "\(Self.historyPrefix)\(previous.updatedAt):\(previous.sha256)"))
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let next = Version(text: text, sha256: sha, updatedBy: user, updatedAt: max(now, previous.updatedAt + 1))
        let condition = previous.updatedAt == 0
            ? DynamoCondition("attribute_not_exists(id)")
            : DynamoCondition("sha256 = :expected", values: [":expected": .string(expectedSHA256)])
        do {
            try await dynamo.putItem(table: table, item: Self.item(next, id: Self.masterID), condition: condition)
        } catch is ConditionalCheckFailedError {
            throw WriteError.conflict(current: try await current().sha256)
        }
        return next
    }

    /// Every stored version, newest first (the current one first).
    public func history() async throws -> [Version] {
        var versions: [Version] = []
        for try await page in try dynamo.scanPages(table: table) {
            for item in page {
                guard let id = item["id"]?.stringValue, id == Self.masterID || id.hasPrefix(Self.historyPrefix) else { continue }
                versions.append(Self.version(item))
            }
        }
        return versions.sorted { $0.updatedAt > $1.updatedAt }
    }

    static func item(_ version: Version, id: String) -> DynamoItem {
        [
            "id": .string(id), "config": .string(version.text), "sha256": .string(version.sha256),
            "updated_by": .string(version.updatedBy), "updated_at": .string(String(version.updatedAt / 1000)),
            "updated_at_ms": .number(String(version.updatedAt)),
        ]
    }

    static func version(_ item: DynamoItem) -> Version {
        let text = item["config"]?.stringValue ?? ""
        let milliseconds: Int64
        if case .number(let value)? = item["updated_at_ms"], let parsed = Int64(value) { milliseconds = parsed } else { milliseconds = 0 }
        return Version(
            text: text, sha256: item["sha256"]?.stringValue ?? sha256(text), updatedBy: item["updated_by"]?.stringValue ?? "",
            updatedAt: milliseconds)
    }
}
