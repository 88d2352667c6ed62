/// The exit statuses every command uses, one meaning each (docs/exit-codes.md). The values follow
/// `sysexits.h` where it has one, so scripts and systemd read them as usual.
public enum ExitStatus {
    /// Success, or nothing to do.
    public static let ok: Int32 = 0
    /// Something failed: a stage, a refused or not fully applied tip, an error.
    public static let failed: Int32 = 1
    /// Changes pending (`plan`) or drift found (`drift`): not an error, but not in sync.
    public static let pending: Int32 = 2
    /// A usage mistake: an unknown option, stage id or value (`EX_USAGE`).
    public static let usage: Int32 = 64
    /// Another run held the lock past `--lock-timeout`: try again later (`EX_TEMPFAIL`).
    public static let lockBusy: Int32 = 75
    /// A temporary failure (`EX_TEMPFAIL`, the same 75): every failure of the run was transient (a node or
    /// guest unreachable, a tool timed out, the fetch failed); the next attempt may succeed unchanged.
    public static let temporary: Int32 = 75
}
