import PhoenixEngine
import PhoenixGit

/// A rollback's own step, in place of the fetch: fetches the branch, makes the revert (or restore) commit
/// on its tip in the mirror, pushes it without force and conditionally on that tip, and points the
/// tracking reference at it; the reconcile steps after it then apply it like any new commit. Throws
/// (nothing pushed, nothing applied) when no commit can be made.
struct RollbackCommitStep: RunStep {
    let request: RollbackRequest
    /// Who decided the rollback: the commit's author (the status commits stay the watcher's).
    let author: Signature?

    var name: String { "rollback commit" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        let configuration = run.configuration
        let made = try Rollback.makeCommit(
            request, push: true, in: run.repository, configuration: configuration, author: author ?? configuration.author)
        run.rollback = made
        let what = if case .restore = request { "restore of" } else { "revert of" }
        run.triggers = [RunTrigger(.rollback, detail: "\(what) \(made.source.short)")]
        return .next
    }
}
