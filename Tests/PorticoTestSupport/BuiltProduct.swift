import Foundation

/// Executables of this package built next to the test bundle (`swift build --build-tests`
/// builds them all), for tests that run Portico as real processes.
public enum BuiltProduct {
    /// The path of product `name` in the current build directory.
    public static func path(_ name: String) throws -> String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // The test binary lives inside PorticoPackageTests.xctest on some layouts.
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw TestServerError.executableNotFound("\(name) (build it with `swift build --build-tests`)")
    }
}
