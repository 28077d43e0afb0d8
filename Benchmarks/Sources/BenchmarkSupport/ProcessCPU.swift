import Foundation

/// CPU time (user + system) a child process has used so far, from `/proc/<pid>/stat`: what the
/// AWS side (moto, one Python process each) spent, the bound on how fast a run can go.
public enum ProcessCPU {
    /// Seconds of CPU `pid` used so far; 0 when it cannot be read.
    public static func seconds(of pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")")
        else { return 0 }
        // Fields after the command name: state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
