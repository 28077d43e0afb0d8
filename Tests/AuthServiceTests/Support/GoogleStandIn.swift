import Foundation
import PorticoCrypto
import PorticoTestSupport
import Synchronization

/// A loopback stand-in for Google's OAuth token endpoint and Directory `groups.list`, strict
/// where Google is strict:
/// - `POST /token` takes `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=…`,
///   verifies the assertion's RS256 signature with the test account's public key and checks
///   `iss`, `sub`, `scope`, `aud`, `iat` and `exp` (at most an hour, not expired) against the
///   shared clock; it issues a fresh random access token valid for `tokenLifetime` seconds.
/// - `GET /admin/directory/v1/groups?userKey=…&pageToken=…` needs a live bearer token it issued
///   and answers `pageSize` groups per page with `nextPageToken` until the last page.
/// Failures can be switched on per endpoint; every request is counted.
final class GoogleStandIn: Sendable {
    /// The claims of an assertion the stand-in accepted.
    struct AssertionClaims: Sendable, Hashable {
        var iss: String
        var sub: String
        var scope: String
        var aud: String
        var iat: Int64
        var exp: Int64
    }

    struct Failure: Sendable {
        var status: Int
        var body: String
    }

    /// What the test can see and change.
    struct State: Sendable {
        var memberships: [String: [String]]
        var pageSize: Int
        var tokenLifetime: Int64
        var tokenFailure: Failure?
        var directoryFailure: Failure?
        /// Issued token → expiry.
        var liveTokens: [String: Int64] = [:]
        var tokenRequests = 0
        /// Directory requests, each with the userKey asked about (nil when missing).
        var directoryRequests: [String?] = []
        /// Why assertions were refused, in order.
        var refusedAssertions: [String] = []
        /// The claims of every accepted assertion.
        var acceptedClaims: [AssertionClaims] = []
        /// Directory requests answered 401 for a missing, unknown or expired token.
        var unauthorizedRequests = 0
    }

    static let scope = "https://www.googleapis.com/auth/admin.directory.group.readonly"

    let server: LoopbackHTTPServer
    private let state: Mutex<State>

    var tokenURL: String { server.baseURL + "/token" }
    var directoryURL: String { server.baseURL + "/admin/directory/v1" }

    static func start(
        memberships: [String: [String]], clock: ManualClock, pageSize: Int = 2, tokenLifetime: Int64 = 3600
    ) async throws -> GoogleStandIn {
        let initial = State(memberships: memberships, pageSize: pageSize, tokenLifetime: tokenLifetime)
        let publicKey = try RSAPublicKey(pemRepresentation: TestServiceAccount.publicKeyPEM)
        let holder = StandInHolder()
        let server = try await LoopbackHTTPServer.start { request in
            guard let standIn = holder.standIn else { return .text("not ready", status: 503) }
            return standIn.handle(request, publicKey: publicKey, clock: clock)
        }
        let standIn = GoogleStandIn(server: server, state: initial)
        holder.set(standIn)
        return standIn
    }

    private init(server: LoopbackHTTPServer, state: State) {
        self.server = server
        self.state = Mutex(state)
    }

    func shutdown() async { await server.shutdown() }

    /// Reads or changes the state.
    func withState<T: Sendable>(_ body: (inout State) -> T) -> T { state.withLock { body(&$0) } }

    var tokenRequests: Int { withState { $0.tokenRequests } }
    var directoryRequests: Int { withState { $0.directoryRequests.count } }
    func directoryRequests(for user: String) -> Int { withState { $0.directoryRequests.filter { $0 == user }.count } }
    var issuedTokens: [String] { withState { Array($0.liveTokens.keys) } }

    /// Forgets every issued token, as a revocation would: Directory calls with them get 401.
    func revokeTokens() { withState { $0.liveTokens.removeAll() } }

    // MARK: Handling

    private func handle(_ request: LoopbackHTTPServer.Request, publicKey: RSAPublicKey, clock: ManualClock) -> LoopbackHTTPServer.Response {
        switch (request.method, request.path) {
        case ("POST", "/token"): token(request, publicKey: publicKey, now: clock.now)
        case ("GET", "/admin/directory/v1/groups"): groups(request, now: clock.now)
        default: .json(#"{"error":{"code":404,"message":"Not Found"}}"#, status: 404)
        }
    }

    private func token(_ request: LoopbackHTTPServer.Request, publicKey: RSAPublicKey, now: Int64) -> LoopbackHTTPServer.Response {
        let failure = withState { state -> Failure? in
            state.tokenRequests += 1
            return state.tokenFailure
        }
        if let failure { return .json(failure.body, status: failure.status) }
        let form = LoopbackHTTPServer.Request(method: "POST", path: "/", query: request.bodyText, headers: [], body: [])
        guard request.header("Content-Type") == "application/x-www-form-urlencoded",
              form.queryValue("grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer",
              let assertion = form.queryValue("assertion") else {
            return refuse("unsupported_grant_type", "expected a jwt-bearer form")
        }
        let claims: AssertionClaims
        switch verify(assertion, publicKey: publicKey, now: now) {
        case .failure(let reason): return refuse("invalid_grant", reason.text)
        case .success(let verified): claims = verified
        }
        let token = "ya29.test-" + Hex.encode((try? SecureRandom.bytes(count: 24)) ?? [])
        let lifetime = withState { state -> Int64 in
            state.liveTokens[token] = now + state.tokenLifetime
            state.acceptedClaims.append(claims)
            return state.tokenLifetime
        }
        return .json(#"{"access_token":"\#(token)","expires_in":\#(lifetime),"token_type":"Bearer"}"#)
    }

    private struct Refusal: Error { let text: String }

    private func verify(_ assertion: String, publicKey: RSAPublicKey, now: Int64) -> Result<AssertionClaims, Refusal> {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let claimBytes = Base64URL.decode(parts[1]),
              let signature = Base64URL.decode(parts[2]) else { return .failure(Refusal(text: "not a compact JWS")) }
        guard let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any],
              header["alg"] as? String == "RS256", header["kid"] as? String == TestServiceAccount.keyID else {
            return .failure(Refusal(text: "header is not RS256 with the account's kid"))
        }
        guard publicKey.isValidSignature(signature, for: Array((parts[0] + "." + parts[1]).utf8)) else {
            return .failure(Refusal(text: "Invalid JWT Signature."))
        }
        guard let claims = try? JSONSerialization.jsonObject(with: Data(claimBytes)) as? [String: Any] else {
            return .failure(Refusal(text: "claims are not a JSON object"))
        }
        guard let iss = claims["iss"] as? String, iss == TestServiceAccount.clientEmail else { return .failure(Refusal(text: "wrong iss")) }
        guard let sub = claims["sub"] as? String, sub == TestServiceAccount.subject else { return .failure(Refusal(text: "wrong sub")) }
        guard let scope = claims["scope"] as? String, scope == Self.scope else { return .failure(Refusal(text: "wrong scope")) }
        guard let aud = claims["aud"] as? String, aud == tokenURL else { return .failure(Refusal(text: "wrong aud")) }
        guard let iat = (claims["iat"] as? NSNumber)?.int64Value, let exp = (claims["exp"] as? NSNumber)?.int64Value else {
            return .failure(Refusal(text: "iat and exp must be numbers"))
        }
        guard iat <= now + 60, exp > now, exp > iat, exp - iat <= 3600 else {
            return .failure(Refusal(text: "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe."))
        }
        return .success(AssertionClaims(iss: iss, sub: sub, scope: scope, aud: aud, iat: iat, exp: exp))
    }

    private func refuse(_ code: String, _ description: String) -> LoopbackHTTPServer.Response {
        withState { $0.refusedAssertions.append(description) }
        return .json(#"{"error":"\#(code)","error_description":"\#(description)"}"#, status: 400)
    }

    private func groups(_ request: LoopbackHTTPServer.Request, now: Int64) -> LoopbackHTTPServer.Response {
        let user = request.queryValue("userKey")
        let bearer = request.header("Authorization").flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let outcome = withState { state -> (failure: Failure?, authorized: Bool, groups: [String], pageSize: Int) in
            state.directoryRequests.append(user)
            let authorized = bearer.flatMap { state.liveTokens[$0] }.map { $0 > now } ?? false
            if !authorized { state.unauthorizedRequests += 1 }
            return (state.directoryFailure, authorized, user.flatMap { state.memberships[$0] } ?? [], state.pageSize)
        }
        guard outcome.authorized else {
            return .json(#"{"error":{"code":401,"message":"Request had invalid authentication credentials."}}"#, status: 401)
        }
        if let failure = outcome.failure { return .json(failure.body, status: failure.status) }
        guard user != nil, request.queryValue("maxResults").flatMap(Int.init) != nil else {
            return .json(#"{"error":{"code":400,"message":"Missing required field: userKey"}}"#, status: 400)
        }
        let start = request.queryValue("pageToken").flatMap { $0.hasPrefix("page-") ? Int($0.dropFirst(5)) : nil } ?? 0
        let page = outcome.groups.dropFirst(start).prefix(outcome.pageSize)
        var object: [String: Any] = ["kind": "admin#directory#groups", "etag": "\"test\""]
        if !page.isEmpty {
            object["groups"] = page.map { ["kind": "admin#directory#group", "id": "id-\($0)", "email": $0, "name": $0] }
        }
        if start + page.count < outcome.groups.count { object["nextPageToken"] = "page-\(start + page.count)" }
        let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return LoopbackHTTPServer.Response(status: 200, headers: [(name: "Content-Type", value: "application/json")], body: Array(body))
    }
}

/// Lets the server's handler reach the stand-in made after the server started.
private final class StandInHolder: Sendable {
    private let value = Mutex<GoogleStandIn?>(nil)
    var standIn: GoogleStandIn? { value.withLock { $0 } }
    func set(_ standIn: GoogleStandIn) { value.withLock { $0 = standIn } }
}
