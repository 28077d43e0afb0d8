import Foundation
import PorticoAPI

#if canImport(Glibc)
import Glibc
#endif

/// Weep's challenge login against the gateway: open a challenge for the user, have them approve
/// it in a signed-in browser (opened when one can be, else the URL is printed), and poll until
/// the gateway hands out the CLI session.
struct ChallengeLogin {
    let gateway: GatewayClient
    let user: String
    var pollInterval: Duration = .seconds(1)
    var timeout: Duration = .seconds(120)
    var openBrowser = true

    func run() async throws(CLIError) -> StoredSession {
        let escaped = user.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? user
        let challenge = try gateway.decode(
            ChallengeGenerated.self, try await gateway.send("GET", APIPaths.challengeGenerator(escaped), token: nil))
        let opened = openBrowser && Browser.open(challenge.challengeURL)
        Terminal.note(opened
            ? "Approve the login of \(user) in the browser window just opened (or at \(challenge.challengeURL))."
            : "To sign in as \(user), open this URL in a browser signed in to Portico and approve:\n  \(challenge.challengeURL)")
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let response = try await gateway.send("GET", challenge.pollingURL, token: nil)
            if response.status == 404 {
                throw .notSignedIn("the login challenge expired or was used elsewhere: run `portico login` again")
            }
            let poll = try gateway.decode(ChallengePollResponse.self, response)
            if poll.status == ChallengePollResponse.success {
                guard let token = poll.encodedJWT, let expiration = poll.expiration else {
                    throw .unreachable("the gateway approved the login without a session")
                }
                Terminal.note("Signed in to \(gateway.url) as \(poll.user ?? user).")
                return StoredSession(url: gateway.url, user: poll.user ?? user, token: token, expiration: expiration)
            }
            do {
                try await Task.sleep(for: pollInterval)
            } catch {
                throw .notSignedIn("the login was interrupted")
            }
        }
        throw .notSignedIn("the login was not approved within \(timeout): run `portico login` again")
    }
}

/// Opens URLs in the user's browser when there is one to open: `open` on macOS, `xdg-open`
/// under a graphical session on Linux, WSL's `cmd.exe /C start`.
enum Browser {
    /// Whether a browser can be opened here at all.
    static var isAvailable: Bool { command != nil }

    private static var command: [String]? {
        let environment = ProcessInfo.processInfo.environment
        if environment["PORTICO_NO_BROWSER"] != nil { return nil }
        #if os(macOS)
        return ["/usr/bin/open"]
        #else
        if environment["WSL_DISTRO_NAME"] != nil { return ["cmd.exe", "/C", "start"] }
        guard environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil else { return nil }
        return ["xdg-open"]
        #endif
    }

    /// Starts the browser on `url`; false when there is none or it could not be started.
    @discardableResult
    static func open(_ url: String) -> Bool {
        guard let command else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command + [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
