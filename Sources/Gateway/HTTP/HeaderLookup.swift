import Hummingbird

extension HTTPFields {
    /// Every value of the header `name` (case-insensitive), in order: for header names that
    /// come from configuration or that HTTPTypes does not predefine.
    func values(named name: String) -> [String] {
        let wanted = name.lowercased()
        return self.filter { $0.name.canonicalName == wanted }.map(\.value)
    }

    /// The first value of the header `name` (case-insensitive).
    func first(named name: String) -> String? {
        let wanted = name.lowercased()
        return self.first { $0.name.canonicalName == wanted }?.value
    }
}
