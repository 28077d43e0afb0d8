import Foundation
import PorticoCore

/// Sessions in the spoke role of each account (`arn:<partition>:iam::<account>:role/<name>`),
/// assumed with the hub's credentials and cached per account until `refreshWindow` before they
/// expire. One assumption per account at a time: concurrent callers for the same account await
/// the same `AssumeRole`, while different accounts proceed in parallel.
public actor SpokeSessions {
    private let hub: AWSClient
    private let roleName: String
    private let sessionName: String
    private let durationSeconds: Int?
    private let refreshWindow: Duration
    private var sessions: [String: AWSCredentials] = [:]
    private let assumptions = SingleFlight<String, AWSCredentials, any Error>()
    /// How many `AssumeRole` calls have been made (for tests and metrics).
    public private(set) var assumeRoleCalls = 0

    /// - Parameters:
    ///   - hub: signs `AssumeRole` with the hub credentials (and carries region, endpoint, HTTP client).
    ///   - roleName: the spoke role's name in every account.
    ///   - sessionName: the role session name the spoke accounts see in CloudTrail.
    public init(
        hub: AWSClient, roleName: String, sessionName: String = "portico", durationSeconds: Int? = nil,
        refreshWindow: Duration = .seconds(300)
    ) {
        self.hub = hub
        self.roleName = roleName
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.refreshWindow = refreshWindow
    }

    /// The spoke role's ARN in `account`.
    public nonisolated func roleARN(account: String) -> String {
        "arn:\(hub.configuration.partition.rawValue):iam::\(account):role/\(roleName)"
    }

    /// Credentials acting in `account` through the spoke role.
    public func credentials(account: String) async throws -> AWSCredentials {
        guard account.utf8.count == 12, account.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw AWSClientError.invalidParameter(name: "account", reason: "must be a 12-digit AWS account id")
        }
        if let session = sessions[account], !session.expires(within: refreshWindow, of: hub.runtime.now()) {
            return session
        }
        let request = AssumeRoleRequest(
            roleARN: roleARN(account: account), sessionName: sessionName, durationSeconds: durationSeconds)
        let sts = STSClient(client: hub)
        // The session is kept before the assumption counts as ended, so no caller starts another meanwhile.
        let (assumption, role) = assumptions.flight(for: account) {
            let credentials = try await sts.assumeRole(request).credentials
            await self.keep(credentials, for: account)
            return credentials
        }
        if role == .started { assumeRoleCalls += 1 }
        return try await assumption.value.get()
    }

    private func keep(_ credentials: AWSCredentials, for account: String) {
        sessions[account] = credentials
    }

    /// An AWS client acting in `account` (same configuration and HTTP client as the hub).
    public nonisolated func client(account: String) -> AWSClient {
        hub.with(credentials: SpokeCredentialProvider(sessions: self, account: account))
    }

    /// Forgets every cached session.
    public func invalidateAll() {
        sessions.removeAll()
    }
}

/// The credentials of one spoke account, drawn from `SpokeSessions`.
public struct SpokeCredentialProvider: AWSCredentialProvider {
    public let sessions: SpokeSessions
    public let account: String

    public func credentials() async throws -> AWSCredentials {
        try await sessions.credentials(account: account)
    }
}
