import Foundation
import Hummingbird
import PorticoCrypto

/// The web UI's files — `index.html`, `app.js`, `app.css` from `Sources/Gateway/Web` — read once
/// at start and served from memory.
///
/// They ship as the Gateway target's SwiftPM resource bundle (`<package>_Gateway.resources`),
/// which the build puts beside every executable that links the gateway; an installed
/// `portico-server` needs that directory copied beside it, not the source tree.
struct WebAssets: Sendable {
    /// One file, ready to send.
    struct Asset: Sendable {
        let contentType: String
        let body: ByteBuffer
        /// A strong validator: the first 16 bytes of the SHA-256 of the body, in hex and quotes.
        let eTag: String
    }

    /// The page itself (`index.html`).
    let page: Asset
    /// The page's scripts and styles by file name (`app.js`, `app.css`).
    let files: [String: Asset]

    static let pageName = "index.html"
    static let fileNames = ["app.js", "app.css"]
    static let resourceDirectory = "Web"
    static let bundleSuffix = "_Gateway.resources"
    /// Far above the UI's size; a bigger file is not one of ours.
    static let maxFileBytes = 1 << 20

    /// Reads the UI from `directory` (the folder holding `index.html`).
    /// - Throws: `WebAssetsError` naming the file that is missing, unreadable or too large.
    init(directory: URL) throws(WebAssetsError) {
        page = try Self.read(directory.appendingPathComponent(Self.pageName))
        var files: [String: Asset] = [:]
        for name in Self.fileNames { files[name] = try Self.read(directory.appendingPathComponent(name)) }
        self.files = files
    }

    /// The UI from the resource bundle beside the running executable.
    /// - Throws: `WebAssetsError.notInstalled` when no bundle holds it, or a read error.
    static func installed() throws(WebAssetsError) -> WebAssets {
        var folders = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            folders.append(executable)
        }
        for folder in folders {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for entry in entries.sorted() where entry.hasSuffix(bundleSuffix) {
                let directory = folder.appendingPathComponent(entry).appendingPathComponent(resourceDirectory)
                if FileManager.default.fileExists(atPath: directory.appendingPathComponent(pageName).path) {
                    return try WebAssets(directory: directory)
                }
            }
        }
        throw .notInstalled(searched: folders.map(\.path))
    }

    private static func read(_ url: URL) throws(WebAssetsError) -> Asset {
        let name = url.lastPathComponent
        let bytes: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            bytes = Array(try handle.read(upToCount: maxFileBytes + 1) ?? Data())
        } catch {
            throw .unreadable(file: name, reason: "\(error)")
        }
        guard bytes.count <= maxFileBytes else { throw .tooLarge(file: name, limit: maxFileBytes) }
        let digest = SHA256.hash(bytes).prefix(16).map { byte in
            (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
        return Asset(contentType: contentType(of: name), body: ByteBuffer(bytes: bytes), eTag: "\"\(digest)\"")
    }

    private static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

/// Why the web UI's files could not be loaded.
enum WebAssetsError: Error, CustomStringConvertible {
    case notInstalled(searched: [String])
    case unreadable(file: String, reason: String)
    case tooLarge(file: String, limit: Int)

    var description: String {
        switch self {
        case .notInstalled(let searched):
            "the web UI is not installed: no *\(WebAssets.bundleSuffix)/\(WebAssets.resourceDirectory) directory beside the "
                + "executable (looked in \(searched.joined(separator: ", "))); copy the build's resource bundle beside the binary"
        case .unreadable(let file, let reason): "web UI file \(file) cannot be read: \(reason)"
        case .tooLarge(let file, let limit): "web UI file \(file) is larger than \(limit) bytes"
        }
    }
}
