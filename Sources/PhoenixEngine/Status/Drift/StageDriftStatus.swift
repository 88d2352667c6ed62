/// How one stage's target compares with what it last applied.
public enum StageDriftStatus: String, Sendable, Hashable, Codable {
    /// Every file and every observed object checked equal.
    case inSync = "in-sync"
    /// At least one file or object differs (or is missing).
    case drifted
    /// Nothing differs that could be checked, but something could not be checked (a stopped guest, a
    /// probe that failed, or a driver that cannot observe guests). Never reported as in sync.
    case unknown
    /// Not compared: never applied, or its last apply failed (the target may be between two commits;
    /// the reconciler retries it).
    case notChecked = "not-checked"
}
