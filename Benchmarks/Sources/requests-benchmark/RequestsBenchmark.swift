import BenchmarkStack
import BenchmarkSupport
import Foundation
import PorticoHTTP
import Synchronization

/// One run, once Portico is up and the benchmark user sees their roles: creates `requests`
/// policy requests through the gateway (each stored in moto's DynamoDB), then measures the first
/// page of 50 of `POST /api/v2/requests` with a filter, and `GET /api/v2/requests/{id}`.
struct RequestsBenchmark: Sendable {
    let options: Options
    let estate: SignedEstate
    let stack: PorticoStack
    let token: String
    let http: HTTPClient

    /// The first failure's answer, so a broken run says why.
    private let firstFailure = FirstFailure()

    init(options: Options, estate: SignedEstate, stack: PorticoStack, token: String, http: HTTPClient) {
        self.options = options
        self.estate = estate
        self.stack = stack
        self.token = token
        self.http = http
    }

    /// Request `index`: an inline policy of its own on one of the benchmark roles.
    func creationBody(_ index: Int) -> String {
        let account = estate.accounts[index % estate.accounts.count].id
        let role = "arn:aws:iam::\(account):role/bench-role-\(index % estate.roles)"
        return """
            {"justification":"benchmark request \(index)","changes":{"changes":[{"principal":{"principal_arn":"\(role)",\
            "principal_type":"AwsResource"},"change_type":"inline_policy","action":"attach","policy_name":"bench-\(index)",\
            "policy":{"policy_document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],\
            "Resource":"arn:aws:s3:::bench-bucket-\(index % 97)/*"}]}}}]}}
            """
    }

    func call(_ method: String, _ path: String, body: String? = nil) async throws -> HTTPClient.Response {
        var headers: HTTPClient.Headers = ["Authorization": "Bearer \(token)"]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let response = try await http.execute(HTTPClient.Request(
            method: method, url: stack.baseURL + path, headers: headers, body: Array((body ?? "").utf8)))
        guard response.status == 200 else {
            let message = "\(method) \(path): \(response.status) \(response.bodyText.prefix(300))"
            firstFailure.note(message)
            throw BenchmarkError(message)
        }
        return response
    }

    func run() async throws {
        // A deployment's first list builds the (empty) list index; from then on every write keeps
        // it current. (After a Redis flush it is rebuilt from a DynamoDB scan: not measured here.)
        _ = try await call("POST", "/api/v2/requests", body: #"{"limit":50}"#)
        let ids = CreatedIDs()
        say("creating \(options.requests) requests through POST /api/v2/request (\(options.concurrency) at a time)…")
        let create = await timed(count: options.requests, concurrency: options.concurrency) { index in
            let response = try await call("POST", "/api/v2/request", body: creationBody(index))
            let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            guard let id = body?["request_id"] as? String else { throw BenchmarkError("no request_id: \(response.bodyText.prefix(200))") }
            ids.add(index, id)
        }
        let known = ids.all
        guard create.failures == 0 else {
            throw BenchmarkError("\(create.failures) creations failed; the first: \(firstFailure.message ?? "?")")
        }

        // The list's filters: requests on one role (1 in `roles × accounts` match), and by justification text.
        let oneRole = "bench-role-\(estate.roles / 2)$"
        let listBody = #"{"limit":50,"filters":{"arn":"\#(oneRole)"}}"#
        let probeStart = ContinuousClock.now
        let probe = try await call("POST", "/api/v2/requests", body: listBody)
        say("created in \(ContinuousClock.now - create.started); the first filtered list took \(ContinuousClock.now - probeStart)")
        let page = try JSONSerialization.jsonObject(with: Data(probe.body)) as? [String: Any]
        let rows = (page?["data"] as? [Any])?.count ?? 0
        let total = page?["totalCount"] ?? page?["total_count"] ?? "?"
        let filtered = page?["filteredCount"] ?? page?["filtered_count"] ?? "?"
        say("a filtered first page: \(rows) rows of \(filtered) matching, \(total) in all")
        guard rows == 50 else { throw BenchmarkError("the filtered first page has \(rows) rows, not 50: \(probe.bodyText.prefix(300))") }

        let list = await timed(count: options.samples, concurrency: 1) { _ in
            _ = try await call("POST", "/api/v2/requests", body: listBody)
        }
        let listConcurrent = await timed(count: options.samples, concurrency: options.concurrency) { _ in
            _ = try await call("POST", "/api/v2/requests", body: listBody)
        }
        let textBody = #"{"limit":50,"filters":{"justification":"request 1[0-9]*7"},"status":"pending"}"#
        let listText = await timed(count: options.samples, concurrency: 1) { _ in
            _ = try await call("POST", "/api/v2/requests", body: textBody)
        }
        let idList = known.keys.sorted().compactMap { known[$0] }
        let detail = await timed(count: options.samples, concurrency: 1) { index in
            _ = try await call("GET", "/api/v2/requests/\(idList[(index * 7919) % idList.count])")
        }

        say("")
        say("measure                                        calls  conc     req/s    p50 ms    p99 ms    max ms  failed")
        func row(_ name: String, _ timings: Timings, _ concurrency: Int) {
            say(name.padding(toLength: 46, withPad: " ", startingAt: 0) + String(
                format: " %6d %5d %9.0f %9.2f %9.2f %9.2f %7d", timings.milliseconds.count, concurrency, timings.perSecond,
                timings.percentile(0.5), timings.percentile(0.99), timings.milliseconds.last ?? .nan, timings.failures))
        }
        row("create (POST /api/v2/request)", create, options.concurrency)
        row("list, arn filter, first 50 (POST /requests)", list, 1)
        row("list, arn filter, first 50, concurrent", listConcurrent, options.concurrency)
        row("list, justification regex + status, first 50", listText, 1)
        row("detail (GET /api/v2/requests/{id})", detail, 1)
        say("")
        say(String(format: "list first page p99: %.2f ms (target < 25 ms)", list.percentile(0.99)))
        if let failure = firstFailure.message { say("first failure: \(failure)") }
    }
}

/// The first failed call's description, kept across the concurrent workers.
final class FirstFailure: Sendable {
    private let first = Mutex<String?>(nil)

    func note(_ message: String) { first.withLock { if $0 == nil { $0 = message } } }

    var message: String? { first.withLock { $0 } }
}

/// The ids of the requests created so far, by creation index.
final class CreatedIDs: Sendable {
    private let ids = Mutex<[Int: String]>([:])

    func add(_ index: Int, _ id: String) { ids.withLock { $0[index] = id } }

    var all: [Int: String] { ids.withLock { $0 } }
}
