import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The process's terminal: whether a person is there to answer, and where messages for them go
/// (standard error, so standard output stays the command's result).
enum Terminal {
    /// Whether standard input and standard error are terminals (a person can be prompted).
    static var isInteractive: Bool {
        isatty(0) == 1 && isatty(2) == 1 && ProcessInfo.processInfo.environment["PORTICO_DISABLE_INTERACTIVE_PROMPTS"] == nil
            && ProcessInfo.processInfo.environment["WEEP_DISABLE_INTERACTIVE_PROMPTS"] == nil
    }

    /// Writes `text` and a line break to standard error.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes `text` to standard output as is (no line break added) and flushes.
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Asks a question on standard error and reads one line; nil at end of input.
    static func ask(_ question: String) -> String? {
        FileHandle.standardError.write(Data(question.utf8))
        return readLine()
    }
}
