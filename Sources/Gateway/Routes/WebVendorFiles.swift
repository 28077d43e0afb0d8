import Foundation
import Logging

/// The libraries the web UI uses but does not commit: Debian's CodeMirror 5
/// (`libjs-codemirror`: the JSON/YAML editors with lint markers) and jsdiff (`node-diff`: the
/// request page's diffs), read at start from where the packages install them and served at
/// `/static/vendor/…` with each package's copyright file beside it as `LICENSE.txt`.
/// `scripts/install-deps` installs the packages. A file that is missing is left out (and
/// logged once): the pages then fall back to plain text areas and a line list, and say so.
struct WebVendorFiles: Sendable {
    /// Served path below `/static/` → file on disk.
    static let sources: [(served: String, path: String)] = [
        ("vendor/codemirror/codemirror.js", "/usr/share/javascript/codemirror/lib/codemirror.js"),
        ("vendor/codemirror/codemirror.css", "/usr/share/javascript/codemirror/lib/codemirror.css"),
        ("vendor/codemirror/lint.js", "/usr/share/javascript/codemirror/addon/lint/lint.js"),
        ("vendor/codemirror/lint.css", "/usr/share/javascript/codemirror/addon/lint/lint.css"),
        ("vendor/codemirror/javascript.js", "/usr/share/javascript/codemirror/mode/javascript/javascript.js"),
        ("vendor/codemirror/yaml.js", "/usr/share/javascript/codemirror/mode/yaml/yaml.js"),
        ("vendor/codemirror/matchbrackets.js", "/usr/share/javascript/codemirror/addon/edit/matchbrackets.js"),
        ("vendor/codemirror/LICENSE.txt", "/usr/share/doc/libjs-codemirror/copyright"),
        ("vendor/diff/diff.mjs", "/usr/share/nodejs/diff/lib/index.mjs"),
        ("vendor/diff/LICENSE.txt", "/usr/share/doc/node-diff/copyright"),
    ]

    /// Served path → file, for the files found.
    let files: [String: WebAsset]
    /// Served paths whose file was not found or not readable.
    let missing: [String]

    init(files: [String: WebAsset], missing: [String]) {
        self.files = files
        self.missing = missing
    }

    /// Reads every file of `sources`, each at most `WebAssetManifest.maxFileBytes`.
    static func installed(logger: Logger) -> WebVendorFiles {
        var files: [String: WebAsset] = [:]
        var missing: [String] = []
        for source in sources {
            guard let data = FileManager.default.contents(atPath: source.path), data.count <= WebAssetManifest.maxFileBytes else {
                missing.append(source.served)
                continue
            }
            files[source.served] = WebAsset(name: source.served, bytes: Array(data))
        }
        if !missing.isEmpty {
            logger.warning("web UI libraries missing: the editors fall back to plain text (install libjs-codemirror and node-diff)",
                           metadata: ["missing": "\(missing.joined(separator: ", "))"])
        }
        return WebVendorFiles(files: files, missing: missing)
    }
}
