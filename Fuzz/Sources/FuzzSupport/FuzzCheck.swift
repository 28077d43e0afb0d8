#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops the fuzzer with a finding when `condition` does not hold: the message goes to stderr
/// and `abort()` makes libFuzzer save the input that caused it.
public func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    guard !condition else { return }
    fuzzFailure(message())
}

/// Reports a finding and aborts (libFuzzer keeps the crashing input as an artifact).
public func fuzzFailure(_ message: String) -> Never {
    let line = Array("fuzz finding: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    abort()
}
