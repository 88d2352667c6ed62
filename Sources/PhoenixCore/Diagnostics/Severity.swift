/// How serious a finding is. Errors block rendering; warnings and notes do not.
public enum Severity: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// The configuration cannot be rendered safely.
    case error
    /// Probably a mistake or a risk, but rendering can go on.
    case warning
    /// Worth knowing (e.g. a legacy fallback was used).
    case info

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .info: 2
        }
    }

    /// Errors sort first.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
