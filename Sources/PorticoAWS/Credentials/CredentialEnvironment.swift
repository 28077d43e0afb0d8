import Foundation

/// The process surroundings the credential sources read: environment variables, the home
/// directory and files. Injectable, so tests give each case its own variables and files without
/// touching the real process environment.
public struct CredentialEnvironment: Sendable {
    public var variables: [String: String]
    public var homeDirectory: String?
    /// Reads a whole file; nil when it does not exist. Throws for other failures.
    public var readFile: @Sendable (String) throws -> [UInt8]?

    /// The largest credentials, config or token file read: these are small text files.
    public static let maxFileBytes = 1 << 20

    public init(
        variables: [String: String], homeDirectory: String?,
        readFile: @escaping @Sendable (String) throws -> [UInt8]? = CredentialEnvironment.readFromDisk
    ) {
        self.variables = variables
        self.homeDirectory = homeDirectory
        self.readFile = readFile
    }

    /// The real process environment and file system.
    public static var process: CredentialEnvironment {
        let variables = ProcessInfo.processInfo.environment
        return CredentialEnvironment(variables: variables, homeDirectory: variables["HOME"] ?? NSHomeDirectory())
    }

    public subscript(name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// Expands a leading `~/` with the home directory.
    public func expand(path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = homeDirectory else { return path }
        return home + path.dropFirst()
    }

    /// Reads a file as UTF-8 text; nil when it does not exist.
    func readText(_ path: String, purpose: String) throws -> String? {
        let bytes: [UInt8]?
        do {
            bytes = try readFile(expand(path: path))
        } catch {
            throw AWSCredentialsError.sourceFailed(source: purpose, reason: "cannot read \(path)")
        }
        guard let bytes else { return nil }
        guard bytes.count <= Self.maxFileBytes else {
            throw AWSCredentialsError.sourceFailed(source: purpose, reason: "\(path) is larger than 1 MiB")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw AWSCredentialsError.sourceFailed(source: purpose, reason: "\(path) is not UTF-8")
        }
        return text
    }

    /// Reads a file from disk, refusing anything over `maxFileBytes`.
    @Sendable public static func readFromDisk(_ path: String) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let data = try handle.read(upToCount: maxFileBytes + 1) ?? Data()
        return Array(data)
    }
}

extension CredentialEnvironment: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names only: the variables hold keys and tokens (`AWS_SECRET_ACCESS_KEY`, …).
    public var description: String {
        "CredentialEnvironment(variables: [\(variables.keys.sorted().joined(separator: ", "))], home: \(homeDirectory ?? "nil"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["variables": variables.keys.sorted(), "homeDirectory": homeDirectory as Any], displayStyle: .struct)
    }
}
