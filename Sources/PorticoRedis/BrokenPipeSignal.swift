#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// hiredis writes with `write(2)`, which raises SIGPIPE when the server has gone away; the
/// default action of SIGPIPE ends the process. Blocking SIGPIPE on the threads that run hiredis
/// turns it into an `EPIPE` error instead (a connection failure), without changing the
/// process-wide disposition behind the application's back. The signal stays pending on that
/// thread, harmlessly: those threads only run hiredis calls and never unblock it.
enum BrokenPipeSignal {
    /// Blocks SIGPIPE on the calling thread (idempotent, one cheap system call).
    static func blockOnCurrentThread() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }
}
