extension IAMCatalog {
    /// Service prefixes starting with `prefix` (any case), then those containing it; shorter first within each.
    public func servicePrefixes(matching prefix: String, limit: Int) -> [String] {
        let needle = prefix.lowercased()
        let all = services.keys.sorted { ($0.count, $0) < ($1.count, $1) }
        let starts = all.filter { $0.hasPrefix(needle) }
        let contains = all.filter { !$0.hasPrefix(needle) && $0.contains(needle) }
        return Array((starts + contains).prefix(limit)).map { services[$0]!.prefix }
    }

    /// Full action names (`s3:GetObject`) completing `prefix`: `s3:Get` gives s3's Get… actions;
    /// a bare `s3` gives the actions of services starting with it. Prefix matches come before
    /// substring matches (`s3:Object` finds `s3:GetObject`).
    public func actionNames(completing prefix: String, limit: Int) -> [String] {
        guard limit > 0 else { return [] }
        let needle = prefix.lowercased()
        if let (servicePrefix, namePart) = Self.split(needle) ?? (needle.hasSuffix(":") ? (String(needle.dropLast()), "") : nil) {
            guard let service = service(servicePrefix) else { return [] }
            let names = service.sortedActions.map(\.name)
            let starts = names.filter { $0.lowercased().hasPrefix(namePart) }
            let contains = namePart.isEmpty ? [] : names.filter { !$0.lowercased().hasPrefix(namePart) && $0.lowercased().contains(namePart) }
            return (starts + contains).prefix(limit).map { "\(service.prefix):\($0)" }
        }
        var result: [String] = []
        for servicePrefix in servicePrefixes(matching: needle, limit: limit) {
            for action in service(servicePrefix)!.sortedActions {
                result.append(action.fullName)
                if result.count == limit { return result }
            }
        }
        return result
    }
}
