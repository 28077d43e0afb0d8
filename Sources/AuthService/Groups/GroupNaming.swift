/// How group (and user) names are compared and reported: as given, or lowercased when
/// `groups.force_groups_lowercase` is on. One rule for merging, static lookups and rights, so a
/// name matches the same way everywhere.
struct GroupNaming: Sendable, Hashable {
    var lowercase: Bool

    /// `name` in its canonical form, or nil when it is empty.
    func canonical(_ name: String) -> String? {
        guard !name.isEmpty else { return nil }
        return lowercase ? name.lowercased() : name
    }

    /// The canonical forms of `names` that are not empty, duplicates dropped, first one kept.
    func canonicalSet(_ names: [String]) -> Set<String> {
        Set(names.compactMap(canonical))
    }
}
