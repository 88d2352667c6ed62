import Foundation
import Logging
import PhoenixGit

/// The status branch: an append-only ledger of runs in the config repository itself.
///
/// Each recorded run is one commit holding `status.json`, `STATUS.md` and `runs/<time>-<sha>.json`,
/// written with `commitFiles` (no HEAD, index or working tree) on the mirror's `refs/heads/<branch>`,
/// built on the remote's tip and pushed as a compare-and-swap on that tip (ADR 0044). A rejected push (another watcher got there
/// first) is rebuilt on the new tip and pushed again, a bounded number of times; the history stays
/// linear and no run is lost. A run whose `runs/` file already holds its id is not recorded twice.
public struct StatusLedger: Sendable {
    /// The mirror.
    public let repository: Repository
    /// The config repository.
    public let endpoint: RemoteEndpoint
    /// The status branch name.
    public let branch: String
    /// Author and committer of status commits.
    public let author: Signature
    /// Push attempts per publish.
    public let attempts: Int

    /// Creates a ledger.
    public init(repository: Repository, endpoint: RemoteEndpoint, branch: String, author: Signature, attempts: Int = 5) {
        self.repository = repository
        self.endpoint = endpoint
        self.branch = branch
        self.author = author
        self.attempts = max(1, attempts)
    }

    /// What a publish did.
    public struct Published: Sendable, Hashable {
        /// The status branch tip after the push.
        public var tip: ObjectID?
        /// Runs committed now.
        public var recorded: [RunID]
        /// Runs found already on the branch (an earlier process pushed them before it died).
        public var alreadyPresent: [RunID]
        /// Pushes that were rejected and rebuilt.
        public var retries: Int
    }

    var localReference: String { "refs/heads/\(branch)" }
    var trackingReference: String { ConfigMirror.trackingReference(branch) }

    /// Commits `reports` (oldest first) on top of the remote tip, with `entry` as this watcher's
    /// watermarks, and pushes.
    /// - Throws: ``EngineError`` when the remote cannot be reached or keeps rejecting the push; the
    ///   caller keeps the reports pending and tries again on the next run.
    public func publish(_ reports: [RunReport], entry: LedgerEntry, logger: Logger) throws -> Published {
        var retries = 0
        var lastRejection = ""
        for attempt in 1...attempts {
            let remoteTip = try ConfigMirror.fetchIfPresent(repository, branch: branch, from: endpoint)
            var tip = remoteTip
            do {
                try resetLocal(to: remoteTip)
                var recorded: [RunID] = []
                var present: [RunID] = []
                for report in reports {
                    var name = report.ledgerFileName
                    if let tip, let existing = try repository.blob(at: tip, path: name) {
                        let previous = try? JSONCoding.decoder().decode(RunReport.self, from: existing)
                        if previous?.id == report.id {
                            present.append(report.id)
                            continue
                        }
                        name = name.replacingOccurrences(of: ".json", with: "-\(report.id).json")
                    }
                    let previous = try tip.flatMap { try document(at: $0) }
                    let statusDocument = StatusDocument(
                        run: report, watchers: StatusDocument.merging(entry, into: previous?.watchers ?? []))
                    let files: [String: FileChange] = [
                        "status.json": .write(try JSONCoding.data(statusDocument)),
                        "STATUS.md": .write(Data(StatusMarkdown.render(statusDocument).utf8)),
                        name: .write(try JSONCoding.data(report)),
                    ]
                    tip = try repository.commitFiles(
                        files, onto: localReference, expectedTip: tip, message: Self.message(report), author: author)
                    recorded.append(report.id)
                }
                if tip != remoteTip, let tip {
                    // Conditional on the tip this was built on: a watcher that pushed meanwhile makes this
                    // throw .tipMoved (or .rejected), and the loop rebuilds on its commit instead of replacing it.
                    try repository.push(
                        updates: [RefUpdate(source: localReference, destination: "refs/heads/\(branch)", expected: remoteTip)],
                        to: endpoint.url, credentials: endpoint.credentials, hostKey: endpoint.hostKey)
                    try? repository.forceReference(named: trackingReference, to: tip)
                }
                return Published(tip: tip, recorded: recorded, alreadyPresent: present, retries: retries)
            } catch let error as GitError {
                switch error.code {
                case .rejected, .nonFastForward, .tipMoved:
                    retries += 1
                    lastRejection = error.message
                    logger.info(
                        "status push rejected; rebuilding on the new tip",
                        metadata: ["attempt": "\(attempt)", "reason": "\(error.message)"])
                    continue
                case .network, .auth, .certificate:
                    throw EngineError.statusBranch(message: "cannot push to \(endpoint.displayURL): \(error.message)")
                default:
                    throw EngineError.statusBranch(message: error.description)
                }
            } catch let error as EngineError {
                throw error
            } catch {
                throw EngineError.statusBranch(message: "\(error)")
            }
        }
        throw EngineError.statusBranch(
            message: "push of \(branch) rejected \(attempts) times (last: \(lastRejection)); the run stays pending")
    }

    /// `status.json` at `commit`, nil when absent or unreadable.
    public func document(at commit: ObjectID) throws(GitError) -> StatusDocument? {
        guard let data = try repository.blob(at: commit, path: "status.json") else { return nil }
        return try? JSONCoding.decoder().decode(StatusDocument.self, from: data)
    }

    /// The latest `status.json` of the branch (fetched first when `fetch` is true; a fetch error is
    /// thrown, so callers can fall back to what the mirror has).
    public func latestDocument(fetch: Bool) throws -> StatusDocument? {
        let tip: ObjectID?
        if fetch {
            tip = try ConfigMirror.fetchIfPresent(repository, branch: branch, from: endpoint)
        } else {
            tip = try localTip()
        }
        guard let tip else { return nil }
        do {
            return try document(at: tip)
        } catch {
            throw EngineError.gitFailure("read status.json at \(tip.short)", error)
        }
    }

    /// The last `limit` recorded runs, newest first, following first parents from the tip.
    public func history(limit: Int, fetch: Bool) throws -> [RunReport] {
        var next: ObjectID?
        if fetch {
            next = try ConfigMirror.fetchIfPresent(repository, branch: branch, from: endpoint)
        } else {
            next = try localTip()
        }
        var runs: [RunReport] = []
        do {
            while let commit = next, runs.count < limit {
                if let run = try document(at: commit)?.run { runs.append(run) }
                next = try repository.commit(commit).parentIDs.first
            }
        } catch {
            throw EngineError.gitFailure("read the status branch", error)
        }
        return runs
    }

    /// The tracking ref, else the local branch (a mirror that never fetched it).
    func localTip() throws -> ObjectID? {
        do {
            if let tracked = try repository.reference(named: trackingReference) { return tracked }
            return try repository.reference(named: localReference)
        } catch {
            throw EngineError.gitFailure("read \(trackingReference)", error)
        }
    }

    private func resetLocal(to tip: ObjectID?) throws(GitError) {
        let current = try repository.reference(named: localReference)
        guard current != tip else { return }
        if let tip {
            try repository.forceReference(named: localReference, to: tip)
        } else if let current {
            try repository.deleteReference(named: localReference, expected: current)
        }
    }

    static func message(_ report: RunReport) -> String {
        let applied = report.stages(.succeeded).filter { $0.decision == .run }.count
        let failed = report.stages(.failed).count
        let commit = report.source.commit?.short ?? "-------"
        var text = "phoenix: \(report.result.rawValue) \(commit)"
        if applied + failed > 0 { text += " (\(applied) applied, \(failed) failed)" }
        if let drift = report.drift {
            let drifted = drift.stages(.drifted).map(\.stage.rawValue)
            text += drifted.isEmpty ? " (in sync)" : " (\(drifted.joined(separator: ", ")))"
        }
        text += "\n\nRun: \(report.id)\nWatcher: \(report.watcher.id)\nTrigger: \(report.trigger)\n"
        return text
    }
}
