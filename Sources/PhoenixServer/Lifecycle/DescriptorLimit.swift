#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The daemon's file-descriptor budget (ADR 0021): accepted connections must never take the
/// descriptors the reconciler needs (the lock, `state.json`, the mirror's pack files, child processes'
/// pipes). With 1,024 descriptors and no cap, 1,100 idle sockets made every run fail with "cannot lock
/// …: Too many open files".
public enum DescriptorLimit {
    /// Descriptors kept for the daemon itself whatever the connection cap says.
    public static let reserve = 256

    /// The soft and hard `RLIMIT_NOFILE`, nil when they cannot be read.
    public static func current() -> (soft: Int, hard: Int)? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return (clamp(limit.rlim_cur), clamp(limit.rlim_max))
    }

    /// Raises the soft `RLIMIT_NOFILE` to the hard limit (what an unprivileged process may do; systemd's
    /// default soft limit is 1,024 under a hard limit of 524,288). Returns the limits before and after.
    @discardableResult
    public static func raiseSoftLimitToHard() -> (before: Int, after: Int)? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        let before = clamp(limit.rlim_cur)
        guard limit.rlim_cur < limit.rlim_max else { return (before, before) }
        limit.rlim_cur = limit.rlim_max
        guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return (before, before) }
        return (before, current()?.soft ?? before)
    }

    /// The connection cap to use: `configured`, lowered so that connections take at most half of
    /// `softLimit` minus ``reserve`` (never below 8, so the server still serves something).
    public static func connectionCap(configured: Int, softLimit: Int) -> Int {
        min(configured, max(8, softLimit / 2 - reserve))
    }

    private static func clamp(_ value: rlim_t) -> Int {
        value >= rlim_t(Int.max) ? Int.max : Int(value)
    }
}
