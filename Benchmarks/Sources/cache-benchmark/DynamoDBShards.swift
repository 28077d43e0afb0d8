import Foundation
import NIOHTTP1

/// Spreads the cache's DynamoDB backup over several moto processes, as DynamoDB spreads a table
/// over partitions: one moto is a single Python process and, writing every item of a first
/// sweep, it alone bounded a pass (18 of a 27 s pass in its CPU), hiding how the cache scales.
///
/// - Item reads and writes (`PutItem`, `DeleteItem`, `GetItem`, `UpdateItem`) go to the shard
///   of the item's `accountId` (the sort key of both backup tables), so every version of an item
///   meets its conditional write on the same moto.
/// - `CreateTable` and `DeleteTable` go to every shard, so each holds every table.
/// - Anything else (`DescribeTable`, `Scan`, …) goes to the first shard: its tables are the
///   same as the others', and a `Scan` there sees only that shard's items (the benchmark's passes
///   start from empty tables, so a restore finds nothing either way).
struct DynamoDBShards: ProxyRouter {
    let upstreams: [String]

    func route(headers: HTTPHeaders, body: [UInt8]) -> ProxyRoute {
        let operation = headers.first(name: "x-amz-target").map { $0.split(separator: ".").last.map(String.init) ?? "" } ?? ""
        switch operation {
        case "CreateTable", "DeleteTable":
            return ProxyRoute(upstreams: Array(upstreams.indices))
        case "PutItem", "DeleteItem", "GetItem", "UpdateItem":
            guard let account = Self.accountID(in: body) else { return ProxyRoute(upstreams: [0]) }
            return ProxyRoute(upstreams: [Self.shard(of: account, among: upstreams.count)])
        default:
            return ProxyRoute(upstreams: [0])
        }
    }

    /// The item's (`Item`) or key's (`Key`) `accountId` string attribute.
    static func accountID(in body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        let attributes = (object["Item"] ?? object["Key"]) as? [String: Any]
        return (attributes?["accountId"] as? [String: Any])?["S"] as? String
    }

    /// A stable shard for an account ID (FNV-1a: the same on every run, unlike `hashValue`).
    static func shard(of account: String, among count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in account.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(max(1, count)))
    }
}
