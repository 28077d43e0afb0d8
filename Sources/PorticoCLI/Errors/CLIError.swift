import PorticoAPI

/// Why a `portico` command failed, as a plain sentence for the terminal and the exit code
/// scripts can act on (see `ExitCode`). Never holds a token or credentials.
enum CLIError: Error, CustomStringConvertible {
    /// The configuration file or a value in it is wrong; names the key.
    case configuration(String)
    /// No usable session, and none could be obtained here (no TTY, no browser, or login refused).
    case notSignedIn(String)
    /// The gateway refused: ConsoleMe's code (900, 901, 904, …), its message, the roles of a 901.
    case refused(code: String, message: String, matchingRoles: [String])
    /// The gateway could not be reached or answered something that is not its API.
    case unreachable(String)
    /// Bad input on the command line or in a file the command edits.
    case usage(String)
    /// A local file could not be read or written.
    case file(String)

    var description: String {
        switch self {
        case .configuration(let text), .notSignedIn(let text), .unreachable(let text), .usage(let text), .file(let text):
            return text
        case .refused(let code, let message, let roles):
            switch code {
            case APIErrorBody.Code.noMatchingRoles, "903":
                return "you are not allowed any role matching that request (\(code)): \(message)"
            case APIErrorBody.Code.multipleMatchingRoles:
                let list = roles.sorted().map { "  \($0)" }.joined(separator: "\n")
                return "several of your roles match (901); name one of them:\n\(list)"
            case "899":
                return "that is not a valid role ARN (899): \(message)"
            case APIErrorBody.Code.malformedRequest:
                return "the gateway found the request malformed (904): \(message)"
            default:
                return "the gateway refused (\(code)): \(message)"
            }
        }
    }

    /// The process's exit status for this error (documented in the README).
    var exitCode: Int32 {
        switch self {
        case .usage: 2
        case .notSignedIn: 3
        case .refused: 4
        case .unreachable: 5
        case .configuration: 6
        case .file: 7
        }
    }
}
