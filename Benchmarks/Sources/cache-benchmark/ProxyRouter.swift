import NIOHTTP1

/// Where the latency proxy sends one request: the indexes of its upstreams (more than one: the
/// request goes to each, one after another, and the first one's answer is returned), and whether
/// the answer's access key is to be learnt as that upstream's.
struct ProxyRoute: Sendable {
    var upstreams: [Int]
    var learnsAccessKey = false
}

/// How the latency proxy spreads requests over several moto processes.
protocol ProxyRouter: Sendable {
    var upstreams: [String] { get }
    func route(headers: HTTPHeaders, body: [UInt8]) -> ProxyRoute
    /// Called with the answer of a route that `learnsAccessKey`.
    func learn(from response: [UInt8], upstream: Int)
}

extension ProxyRouter {
    func learn(from response: [UInt8], upstream: Int) {}
}
