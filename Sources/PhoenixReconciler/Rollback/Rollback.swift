import Foundation
import Logging
import PhoenixEngine
import PhoenixGit

/// Rollback as a forward commit on the tracked branch, made with libgit2 in the mirror (no working
/// tree), then pushed without force: the normal run applies it, and only the stages its diff
/// touches run. A conflict is an error and nothing is pushed; so is a branch that moved meanwhile.
public enum Rollback {
    /// Makes (and unless `push` is false, pushes) the rollback commit. Holds the run lock while it
    /// touches the mirror; the next run applies the commit (``Reconciler/rollback(_:author:id:options:stop:)``
    /// does both under one lock).
    /// `author` signs the commit (a person's decision; nil: the watcher's identity).
    /// - Throws: ``EngineError/rollback(message:)`` for conflicts, an empty result, a moved branch, or
    ///   a signature policy the unsigned commit would not pass.
    public static func perform(
        _ request: RollbackRequest, push: Bool, configuration: ReconcilerConfiguration, lockTimeout: Duration?,
        author: Signature? = nil
    ) async throws -> RollbackCommit {
        try refuseSignedBranch(configuration.settings)
        let lock = try await RunLock.acquire(in: configuration.settings.stateDirectory, timeout: lockTimeout)
        defer { lock.release() }
        let repository = try ConfigMirror(stateDirectory: configuration.settings.stateDirectory).open()
        return try makeCommit(
            request, push: push, in: repository, configuration: configuration, author: author ?? configuration.author)
    }

    /// phoenix-gitops cannot sign commits: with `verify: head` its rollback commit would be refused.
    static func refuseSignedBranch(_ settings: WatcherSettings) throws {
        if settings.verify == .head {
            throw EngineError.rollback(
                message: "verify: head is on and phoenix-gitops cannot sign commits; make the revert with "
                    + "`git revert -S` and push it instead")
        }
    }

    /// Fetches the branch, makes the commit on its tip in `repository` (the mirror, under the run lock) and
    /// pushes it conditionally on that tip; the tracking reference then points at it.
    static func makeCommit(
        _ request: RollbackRequest, push: Bool, in repository: Repository, configuration: ReconcilerConfiguration,
        author: Signature
    ) throws -> RollbackCommit {
        let settings = configuration.settings
        let endpoint = configuration.endpoint
        do {
            _ = try ConfigMirror.fetch(repository, branch: settings.branch, from: endpoint)
        } catch {
            if push { throw error }
            configuration.logger.warning("fetch failed (\(error)); using the branch as last fetched")
        }
        let tracking = ConfigMirror.trackingReference(settings.branch)
        let local = "refs/heads/\(settings.branch)"
        do {
            guard let tip = try repository.reference(named: tracking) else {
                throw EngineError.rollback(message: "branch '\(settings.branch)' has not been fetched")
            }
            try repository.forceReference(named: local, to: tip)
            let made: ObjectID
            let source: ObjectID
            switch request {
            case .revert(let revision):
                source = try resolve(revision, in: repository)
                let reverted = try repository.commit(source)
                made = try makeRevert(source, parents: reverted.parentIDs.count, tip: tip, ref: local, in: repository, author: author)
            case .restore(let revision):
                source = try resolve(revision, in: repository)
                let message =
                    "Restore the configuration of \(source.short)\n\n"
                    + "Restores the tree of commit \(source.hex) (phoenix-gitops rollback --to).\n"
                made = try repository.commitTree(
                    of: source, onto: local, expectedTip: tip, message: message, author: author)
            }
            let madeCommit = try repository.commit(made)
            if madeCommit.treeID == (try repository.commit(tip)).treeID {
                try repository.forceReference(named: local, to: tip)
                throw EngineError.rollback(message: "the branch already has that configuration; nothing to do")
            }
            let changed = try repository.diff(from: tip, to: made).changedPaths
            if push {
                do {
                    // Conditional on the tip the rollback was built on: a commit pushed meanwhile is never replaced.
                    try repository.push(
                        updates: [RefUpdate(source: local, destination: local, expected: tip)], to: endpoint.url,
                        credentials: endpoint.credentials, hostKey: endpoint.hostKey)
                } catch {
                    switch error.code {
                    case .tipMoved where error.function == "push verification":
                        // The server accepted the push but the branch is already elsewhere: another writer
                        // pushed right after; do not claim nothing was pushed.
                        throw EngineError.rollback(
                            message: "the push of \(made.short) was accepted, but \(settings.branch) on "
                                + "\(endpoint.displayURL) moved right after it (\(error.message)); check the branch "
                                + "before running rollback again")
                    case .tipMoved, .rejected, .nonFastForward:
                        let now = movedTip(repository, branch: settings.branch, endpoint: endpoint)
                        throw EngineError.rollback(
                            message: "the branch moved to \(now) while rolling back; nothing was pushed, run rollback "
                                + "again (\(error.message))")
                    default:
                        throw EngineError.rollback(message: "push failed, nothing was pushed: \(error.message)")
                    }
                }
                try repository.forceReference(named: tracking, to: made)
            }
            configuration.logger.notice(
                "rollback commit made", metadata: ["commit": "\(made.short)", "pushed": "\(push)", "paths": "\(changed.count)"])
            return RollbackCommit(
                commit: made, source: source, parent: tip, pushed: push, changedPaths: changed, summary: madeCommit.summary)
        } catch let error as GitError {
            throw EngineError.rollback(message: error.message)
        }
    }

    /// Where the branch is now on the remote (fetched for the message), or "a newer commit" when that
    /// cannot be read; only used to word an error.
    private static func movedTip(_ repository: Repository, branch: String, endpoint: RemoteEndpoint) -> String {
        _ = try? ConfigMirror.fetch(repository, branch: branch, from: endpoint)
        guard let tip = (try? repository.reference(named: ConfigMirror.trackingReference(branch))) ?? nil else {
            return "a newer commit"
        }
        return tip.short
    }

    private static func resolve(_ revision: String, in repository: Repository) throws -> ObjectID {
        do {
            return try repository.resolve(revision)
        } catch {
            throw EngineError.unknownRevision(revision, message: error.message)
        }
    }

    private static func makeRevert(
        _ commit: ObjectID, parents: Int, tip: ObjectID, ref: String, in repository: Repository, author: Signature
    ) throws -> ObjectID {
        do {
            return try repository.revert(commit, onto: tip, author: author, mainline: parents > 1 ? 1 : 0, updating: ref)
        } catch {
            if case .conflict(let paths) = error.code {
                throw EngineError.rollback(
                    message: "reverting \(commit.short) conflicts with later changes in: \(paths.joined(separator: ", ")); "
                        + "nothing was pushed. Revert by hand, or use rollback --to.")
            }
            throw EngineError.rollback(message: error.message)
        }
    }
}
