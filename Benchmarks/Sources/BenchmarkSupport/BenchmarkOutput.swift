public import Foundation

/// Prints a line at once (standard output is block-buffered when redirected to a file).
public func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// Says on standard error what stopped `benchmark`, and exits with `status`.
public func fail(_ error: any Error, benchmark: String, status: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("\(benchmark): \(error)\n".utf8))
    exit(status)
}

/// Runs `cleanup` and exits with 130 on SIGINT or SIGTERM, so an interrupted benchmark stops the
/// servers it started rather than leaving them running. Keep the returned value alive.
public func onInterruption(_ cleanup: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    return [SIGINT, SIGTERM].map { number in
        let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
        source.setEventHandler {
            cleanup()
            exit(130)
        }
        source.resume()
        return source
    }
}
