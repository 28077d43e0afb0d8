import Foundation

/// The web UI (`Sources/Gateway/Web`, also `web/` at the top), read once at start into memory
/// with an `ETag` per file:
/// - `pages/<name>.html`: the pages, each served signed in (`pages/index.html` at `/`, any other
///   at `/<name>`);
/// - everything else (`js/` ES modules, `css/`, images…): public, at `/static/<path>`.
///
/// Only the files found at start are ever served: a request path is looked up in the manifest,
/// never joined onto a directory, so no path can reach another file. Dot files are left out.
///
/// The files ship as the Gateway target's SwiftPM resource bundle (`<package>_Gateway.resources`),
/// which the build puts beside every executable that links the gateway; an installed
/// `portico-server` needs that directory copied beside it, not the source tree.
struct WebAssetManifest: Sendable {
    /// Pages by name (`index`, …).
    let pages: [String: WebAsset]
    /// Static files by path below the UI's folder (`js/api.js`, `css/app.css`).
    let files: [String: WebAsset]

    static let pagesFolder = "pages"
    static let indexPage = "index"
    static let resourceDirectory = "Web"
    static let bundleSuffix = "_Gateway.resources"
    /// Far above the UI's size; a bigger file is not one of ours.
    static let maxFileBytes = 1 << 20
    /// The most files the UI may have, and the most bytes in all.
    static let maxFiles = 1000
    static let maxTotalBytes = 32 << 20
    /// First path segments of the gateway's other routes: no page may take them.
    static let reservedPageNames: Set<String> = ["api", "noauth", "role", "static", "metrics", "healthcheck", "readyz"]

    /// The index page, served at `/`.
    var index: WebAsset? { pages[Self.indexPage] }

    /// Reads the UI from `directory` (the folder holding `pages/index.html`).
    /// - Throws: `WebAssetsError` naming the file that is missing, unreadable, too large or
    ///   misnamed.
    init(directory: URL) throws(WebAssetsError) {
        var pages: [String: WebAsset] = [:]
        var files: [String: WebAsset] = [:]
        var total = 0
        for path in try Self.filePaths(in: directory) {
            guard pages.count + files.count < Self.maxFiles else { throw .tooMany(limit: Self.maxFiles) }
            let bytes = try Self.read(directory, path)
            total += bytes.count
            guard total <= Self.maxTotalBytes else { throw .tooLargeInAll(limit: Self.maxTotalBytes) }
            let asset = WebAsset(name: path, bytes: bytes)
            if path.hasPrefix(Self.pagesFolder + "/") {
                pages[try Self.pageName(path)] = asset
            } else {
                files[path] = asset
            }
        }
        guard pages[Self.indexPage] != nil else {
            throw .unreadable(file: "\(Self.pagesFolder)/\(Self.indexPage).html", reason: "it is missing")
        }
        self.pages = pages
        self.files = files
    }

    /// The UI from the resource bundle beside the running executable.
    /// - Throws: `WebAssetsError.notInstalled` when no bundle holds it, or a read error.
    static func installed() throws(WebAssetsError) -> WebAssetManifest {
        var folders = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            folders.append(executable)
        }
        for folder in folders {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for entry in entries.sorted() where entry.hasSuffix(bundleSuffix) {
                let directory = folder.appendingPathComponent(entry).appendingPathComponent(resourceDirectory)
                let index = directory.appendingPathComponent(pagesFolder).appendingPathComponent(indexPage + ".html")
                if FileManager.default.fileExists(atPath: index.path) {
                    return try WebAssetManifest(directory: directory)
                }
            }
        }
        throw .notInstalled(searched: folders.map(\.path))
    }

    /// `pages/<name>.html` → `name`: lowercase letters, digits and dashes, not a reserved route.
    private static func pageName(_ path: String) throws(WebAssetsError) -> String {
        let file = path.dropFirst(pagesFolder.count + 1)
        guard file.hasSuffix(".html") else { throw .misnamed(file: path, reason: "a page must be an .html file") }
        let name = String(file.dropLast(".html".count))
        guard !name.isEmpty, name.utf8.allSatisfy({ byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }) else { throw .misnamed(file: path, reason: "a page's name may hold only lowercase letters, digits and dashes") }
        guard !reservedPageNames.contains(name) else { throw .misnamed(file: path, reason: "/\(name) is another route") }
        return name
    }

    /// Every regular file below `directory`, as sorted `/`-separated relative paths, dot files
    /// (and dot folders) left out.
    private static func filePaths(in directory: URL) throws(WebAssetsError) -> [String] {
        let root = directory.standardizedFileURL.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw .unreadable(file: directory.path, reason: "the folder cannot be listed")
        }
        var paths: [String] = []
        while let path = walker.nextObject() as? String {
            if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder), !isFolder.boolValue
            else { continue }
            paths.append(path)
        }
        return paths.sorted()
    }

    private static func read(_ directory: URL, _ path: String) throws(WebAssetsError) -> [UInt8] {
        let bytes: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: directory.appendingPathComponent(path))
            defer { try? handle.close() }
            bytes = Array(try handle.read(upToCount: maxFileBytes + 1) ?? Data())
        } catch {
            throw .unreadable(file: path, reason: "\(error)")
        }
        guard bytes.count <= maxFileBytes else { throw .tooLarge(file: path, limit: maxFileBytes) }
        return bytes
    }
}

/// Why the web UI's files could not be loaded.
enum WebAssetsError: Error, CustomStringConvertible {
    case notInstalled(searched: [String])
    case unreadable(file: String, reason: String)
    case tooLarge(file: String, limit: Int)
    case tooMany(limit: Int)
    case tooLargeInAll(limit: Int)
    case misnamed(file: String, reason: String)

    var description: String {
        switch self {
        case .notInstalled(let searched):
            "the web UI is not installed: no *\(WebAssetManifest.bundleSuffix)/\(WebAssetManifest.resourceDirectory) directory "
                + "beside the executable (looked in \(searched.joined(separator: ", "))); copy the build's resource bundle beside the binary"
        case .unreadable(let file, let reason): "web UI file \(file) cannot be read: \(reason)"
        case .tooLarge(let file, let limit): "web UI file \(file) is larger than \(limit) bytes"
        case .tooMany(let limit): "the web UI has more than \(limit) files"
        case .tooLargeInAll(let limit): "the web UI's files are larger than \(limit) bytes in all"
        case .misnamed(let file, let reason): "web UI page \(file) is misnamed: \(reason)"
        }
    }
}
