import PhoenixCore
import PhoenixGit
import PhoenixStages

/// Why no plan could be made.
public enum PlanError: Error, Sendable, CustomStringConvertible {
    /// The configuration at the target has errors; every finding is listed.
    case invalidConfiguration(commit: ObjectID, diagnostics: [Diagnostic])
    /// The repository could not be read.
    case git(GitError)
    /// `only` named stages the catalogue does not have.
    case unknownStages([StageID], known: [StageID])

    public var description: String {
        switch self {
        case .invalidConfiguration(let commit, let diagnostics):
            let errors = diagnostics.filter { $0.severity == .error }.sorted(by: Diagnostic.reportOrder)
            return "the configuration at \(commit.short) has \(errors.count) error(s):\n"
                + errors.map { "  " + $0.formatted }.joined(separator: "\n")
        case .git(let error):
            return "cannot read the repository: \(error)"
        case .unknownStages(let unknown, let known):
            return "unknown stage(s) \(unknown.map(\.rawValue).joined(separator: ", ")); known: "
                + known.map(\.rawValue).joined(separator: ", ")
        }
    }
}
