import Synchronization

/// Which keys of a configuration document were read, so the unread ones can be reported as
/// unknown (usually a typo an operator wants to hear about).
final class ConfigUsage: Sendable {
    private let state = Mutex<(used: Set<[String]>, subtrees: Set<[String]>)>(([], []))

    func markUsed(_ path: [String]) { state.withLock { _ = $0.used.insert(path) } }

    func markSubtreeUsed(_ path: [String]) { state.withLock { _ = $0.subtrees.insert(path) } }

    /// The key paths present in `document` that nobody read, in document order.
    func unknownKeys(in document: ConfigValue) -> [String] {
        state.withLock { state in
            var unknown: [String] = []
            func walk(_ value: ConfigValue, _ path: [String]) {
                if state.subtrees.contains(path) { return }
                switch value {
                case let .map(pairs):
                    for pair in pairs {
                        let child = path + [pair.key]
                        if state.used.contains(child) || state.subtrees.contains(child) {
                            walk(pair.value, child)
                        } else {
                            unknown.append(ConfigPath.render(child))
                        }
                    }
                case let .list(items):
                    for (index, item) in items.enumerated() { walk(item, path + ["[\(index)]"]) }
                default: break
                }
            }
            walk(document, [])
            return unknown
        }
    }
}
