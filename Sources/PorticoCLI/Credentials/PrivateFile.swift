import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Files only their owner may read: written 0600 into a 0700 directory, atomically (a temporary
/// file renamed over the old one), for the session, the credential cache and credential files.
enum PrivateFile {
    /// Writes `bytes` to `path`, creating its directory (0700) when missing.
    /// - Throws: `CLIError.file` naming the path.
    static func write(_ bytes: Data, to path: String, mode: mode_t = 0o600) throws(CLIError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .file("cannot create directory \(directory): \(error.localizedDescription)")
        }
        let temporary = directory + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode)
        guard descriptor >= 0 else { throw .file("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        fchmod(descriptor, mode)
        let written = bytes.withUnsafeBytes { buffer in
            buffer.baseAddress.map { Glibc.write(descriptor, $0, buffer.count) } ?? 0
        }
        close(descriptor)
        guard written == bytes.count else {
            unlink(temporary)
            throw .file("cannot write \(path): short write")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .file("cannot replace \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The file's bytes, or nil when it does not exist or cannot be read.
    static func read(_ path: String) -> Data? {
        FileManager.default.contents(atPath: path)
    }

    /// Removes `path`; a missing file is not an error.
    static func remove(_ path: String) {
        unlink(path)
    }
}
