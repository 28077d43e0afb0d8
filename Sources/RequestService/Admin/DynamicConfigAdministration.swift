import Foundation
import Logging
import PorticoRedis
import PorticoService
import Proto

/// Reading and editing the dynamic configuration for a person holding `can_edit_config`: the
/// version in force, a new version stored over the one the editor read (validated first:
/// nothing is stored for a bad text; of two editors from the same version one wins, the other
/// is told the current hash), announced so every process's `DynamicConfigWatcher` loads it
/// within 2 s, and put on record with the key paths it added, removed and changed (never their
/// values); and the history of versions.
struct DynamicConfigAdministration: Sendable {
    let store: DynamicConfigStore
    let redis: RedisClient
    let audit: AuditTrail
    let logger: Logger

    func current(caller: AdminCaller) async throws -> AdminDynamicConfigVersion {
        Self.message(try await store.current())
    }

    func history(caller: AdminCaller) async throws -> AdminListDynamicConfigHistoryResponse {
        AdminListDynamicConfigHistoryResponse(versions: try await store.history().map(Self.message))
    }

    func put(_ text: String, existingSHA256: String, caller: AdminCaller) async throws -> AdminPutDynamicConfigResponse {
        let user = caller.principal?.user ?? ""
        let before = try await store.current()
        let stored: DynamicConfigStore.Version
        do {
            stored = try await store.write(text, expectedSHA256: existingSHA256, by: user)
        } catch let error as DynamicConfigStore.WriteError {
            switch error {
            case .invalid(let invalid):
                return AdminPutDynamicConfigResponse(outcome: .invalid, keyPath: invalid.path, message: invalid.description)
            case .unchanged:
                return AdminPutDynamicConfigResponse(
                    outcome: .unchanged, message: "You didn't change the dynamic configuration. Try again!", currentSha256: existingSHA256)
            case .conflict(let current):
                return AdminPutDynamicConfigResponse(
                    outcome: .conflict,
                    message: "the dynamic configuration was updated by another user before your changes were processed; reload it and edit again",
                    currentSha256: current)
            }
        }
        do {
            try await DynamicConfigWatcher.announce(stored.sha256, redis: redis)
        } catch {
            // The watchers' periodic reload still finds it.
            logger.warning("dynamic configuration stored but not announced", metadata: ["error": "\(error)"])
        }
        // The version replaced is the one the editor read (the write was conditional on it).
        let diff = DynamicConfigDiff(before: before.sha256 == existingSHA256 ? before.text : "", after: stored.text)
        do {
            try await audit.record(AuditEvent(summary: "dynamic config update by \(user)", fields: [
            AuditField("event", "dynamic_config.update"), AuditField("user", user),
            AuditField("before_sha256", existingSHA256), AuditField("after_sha256", stored.sha256),
            AuditField("added", Self.paths(diff.added)), AuditField("removed", Self.paths(diff.removed)),
            AuditField("changed", Self.paths(diff.changed)),
            ]))
        } catch {
            // Stored already: the trail logged the whole event at error; the editor is told it is saved.
            logger.error("dynamic configuration stored but its audit event was refused", metadata: ["error": "\(error)"])
        }
        return AdminPutDynamicConfigResponse(outcome: .stored, stored: Self.message(stored))
    }

    /// Key paths as one field value, at most 2,000 characters (a count of the rest after).
    static func paths(_ paths: [String]) -> String {
        var text = ""
        for (index, path) in paths.enumerated() {
            let next = text.isEmpty ? path : "\(text), \(path)"
            guard next.utf8.count <= 2000 else { return "\(text), … \(paths.count - index) more" }
            text = next
        }
        return text
    }

    static func message(_ version: DynamicConfigStore.Version) -> AdminDynamicConfigVersion {
        AdminDynamicConfigVersion(config: version.text, sha256: version.sha256, updatedBy: version.updatedBy, updatedAtMs: version.updatedAt)
    }
}
