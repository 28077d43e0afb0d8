// rpc-benchmark: unary echo on loopback, Portico RPC vs grpc-swift-2 (HTTP/2), same payload,
// same concurrency, one connection each. Prints throughput and p50/p99 latency per system and
// the Portico/gRPC ratios.
import Foundation
import Logging
import NIOCore

struct Options {
    var duration = 5.0
    var warmup = 2.0
    var payload = 256
    var concurrency = [1, 64]
    var systems = ["portico", "grpc"]

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw UsageError(flag) }
            switch flag {
            case "--duration": duration = try number(value, flag)
            case "--warmup": warmup = try number(value, flag)
            case "--payload": payload = Int(try number(value, flag))
            case "--concurrency": concurrency = try value.split(separator: ",").map { Int(try number(String($0), flag)) }
            case "--systems": systems = value.split(separator: ",").map(String.init)
            default: throw UsageError(flag)
            }
        }
    }
}

struct UsageError: Error, CustomStringConvertible {
    var flag: String
    init(_ flag: String) { self.flag = flag }
    var description: String {
        "bad option \(flag); usage: rpc-benchmark [--duration s] [--warmup s] [--payload bytes] [--concurrency 1,64] [--systems portico,grpc]"
    }
}

func number(_ text: String, _ flag: String) throws -> Double {
    guard let value = Double(text), value > 0 else { throw UsageError(flag) }
    return value
}

let options: Options
do {
    options = try Options(CommandLine.arguments)
} catch {
    FileHandle.standardError.write(Data("rpc-benchmark: \(error)\n".utf8))
    exit(2)
}
let logger = Logger(label: "rpc-benchmark") { _ in SwiftLogNoOpLogHandler() }
let bytes = (0..<options.payload).map { UInt8(truncatingIfNeeded: $0 &* 31) }
let buffer = ByteBuffer(bytes: bytes)

print("unary echo, \(options.payload)-byte payload, loopback, one connection; \(options.warmup) s warm-up, \(options.duration) s measured")
print("cores: \(ProcessInfo.processInfo.activeProcessorCount)")
var results: [String: [Int: Measurement]] = [:]

func report(_ system: String, _ concurrency: Int, _ m: Measurement) {
    let line = String(
        format: "%-8@ c=%-3d %10.0f calls/s   p50 %8.1f µs   p99 %8.1f µs   (%d calls, %d failed)",
        system, concurrency, m.throughput, m.percentile(0.50), m.percentile(0.99), m.calls, m.failures)
    print(line)
}

for system in options.systems {
    switch system {
    case "portico":
        let echo = try await PorticoEcho.start(logger: logger)
        for concurrency in options.concurrency {
            let m = await measure(concurrency: concurrency, warmup: options.warmup, duration: options.duration) {
                try await echo.call(buffer)
            }
            results[system, default: [:]][concurrency] = m
            report(system, concurrency, m)
        }
        await echo.stop()
    case "grpc":
        let echo = try await GRPCEcho.start()
        for concurrency in options.concurrency {
            let m = await measure(concurrency: concurrency, warmup: options.warmup, duration: options.duration) {
                try await echo.call(bytes)
            }
            results[system, default: [:]][concurrency] = m
            report(system, concurrency, m)
        }
        await echo.stop()
    default:
        throw UsageError("--systems \(system)")
    }
}

if let portico = results["portico"], let grpc = results["grpc"] {
    print("")
    for concurrency in options.concurrency {
        guard let p = portico[concurrency], let g = grpc[concurrency] else { continue }
        print(String(format: "c=%-3d throughput Portico/gRPC %.2fx   p99 Portico %.1f µs vs gRPC %.1f µs (%.2fx)",
                     concurrency, p.throughput / g.throughput, p.percentile(0.99), g.percentile(0.99),
                     p.percentile(0.99) / g.percentile(0.99)))
    }
}
