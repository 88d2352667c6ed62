public import Foundation

/// Everything the status page shows, as plain values (built from the engine's state and ledger by
/// ``StatusPageModel/init(status:runs:forge:subjects:now:)``, or directly in tests).
public struct StatusPageModel: Sendable {
    /// One stage row.
    public struct Stage: Sendable, Hashable {
        public var id: String
        /// The last run's decision for it (`run`, `skip`, ...), nil when no run recorded it.
        public var decision: String?
        /// The last result (`succeeded`, `failed`, ...).
        public var result: String?
        /// The last error or skip reason.
        public var message: String?
        /// The watermark commit (full id) and its subject.
        public var commit: String?
        public var subject: String?
        /// How long the stage took in the run that last ran it.
        public var durationSeconds: Double?
        /// When a failed stage is retried.
        public var retryAfter: Date?
        /// `in-sync`, `drifted`, `unknown`, `not-checked`; nil before the first drift check.
        public var drift: String?
        /// The node the stage touches, when the driver knows it (empty otherwise).
        public var node: String?
        /// When it failed: `transient`, `permanent` (waits for a new commit) or `stage` (ADR 0049).
        public var failureKind: String?

        public init(
            id: String, decision: String? = nil, result: String? = nil, message: String? = nil, commit: String? = nil,
            subject: String? = nil, durationSeconds: Double? = nil, retryAfter: Date? = nil, drift: String? = nil,
            node: String? = nil, failureKind: String? = nil
        ) {
            self.id = id
            self.decision = decision
            self.result = result
            self.message = message
            self.commit = commit
            self.subject = subject
            self.durationSeconds = durationSeconds
            self.retryAfter = retryAfter
            self.drift = drift
            self.node = node
            self.failureKind = failureKind
        }
    }

    /// One run of the timeline.
    public struct Run: Sendable, Hashable {
        public var id: String
        public var startedAt: Date
        public var trigger: String
        public var commit: String?
        public var subject: String?
        public var author: String?
        public var result: String
        /// `dns`, `firewall (failed)`, ...
        public var ran: [String]
        public var errors: [String]

        public init(
            id: String, startedAt: Date, trigger: String, commit: String? = nil, subject: String? = nil,
            author: String? = nil, result: String, ran: [String] = [], errors: [String] = []
        ) {
            self.id = id
            self.startedAt = startedAt
            self.trigger = trigger
            self.commit = commit
            self.subject = subject
            self.author = author
            self.result = result
            self.ran = ran
            self.errors = errors
        }
    }

    /// One drift finding.
    public struct Finding: Sendable, Hashable {
        public var stage: String
        public var state: String
        public var object: String
        public var message: String
        public var diff: String?

        public init(stage: String, state: String, object: String, message: String, diff: String? = nil) {
            self.stage = stage
            self.state = state
            self.object = object
            self.message = message
            self.diff = diff
        }
    }

    /// Who is watching what.
    public var watcher: String
    public var repository: String
    public var branch: String
    /// The tracked tip as last fetched, and the commit of the last finished run with its result.
    public var trackedTip: String?
    public var lastTarget: String?
    public var lastTargetResult: String?
    /// The errors of the last run (why a tip was refused, why a run failed).
    public var lastRunErrors: [String]
    public var runInProgress: String?
    /// `suspended by … since …: why` while an operator has suspended reconciliation.
    public var suspension: String?
    public var stages: [Stage]
    public var runs: [Run]
    public var driftCheckedAt: Date?
    public var findings: [Finding]
    /// `https://forge/owner/repo/commit/` (commit id appended); nil shows ids without links.
    public var commitURLPrefix: String?
    /// When the page was made.
    public var generatedAt: Date
    /// Seconds between automatic reloads.
    public var refreshSeconds: Int

    public init(
        watcher: String, repository: String, branch: String, trackedTip: String? = nil, lastTarget: String? = nil,
        lastTargetResult: String? = nil, lastRunErrors: [String] = [], runInProgress: String? = nil, suspension: String? = nil,
stages: [Stage] = [], runs: [Run] = [], driftCheckedAt: Date? = nil,
        findings: [Finding] = [], commitURLPrefix: String? = nil, generatedAt: Date, refreshSeconds: Int = 30
    ) {
        self.watcher = watcher
        self.repository = repository
        self.branch = branch
        self.trackedTip = trackedTip
        self.lastTarget = lastTarget
        self.lastTargetResult = lastTargetResult
        self.lastRunErrors = lastRunErrors
        self.runInProgress = runInProgress
        self.suspension = suspension
        self.stages = stages
        self.runs = runs
        self.driftCheckedAt = driftCheckedAt
        self.findings = findings
        self.commitURLPrefix = commitURLPrefix
        self.generatedAt = generatedAt
        self.refreshSeconds = refreshSeconds
    }

    /// The verdict and its reason, by precedence: suspended, refused tip, degraded, progressing,
    /// out of sync, in sync (docs/adr/0040-status-page.md).
    public var verdict: (StatusVerdict, String) {
        if let suspension { return (.suspended, "reconciliation is \(suspension); nothing is applied until `phoenix-gitops resume`") }
        guard let lastTargetResult else {
            if let runInProgress { return (.progressing, "first run \(runInProgress) in progress") }
            return (.unknown, "no run has finished yet")
        }
        let firstError = lastRunErrors.first.map { ": \($0)" } ?? ""
        if lastTargetResult == "invalid" || lastTargetResult == "rejected" {
            let short = lastTarget.map { String($0.prefix(12)) } ?? "the tip"
            return (.refusedTip, "\(short) was refused (\(lastTargetResult))\(firstError); the target keeps the last good commit")
        }
        let failed = stages.filter { $0.result == "failed" }
        if !failed.isEmpty {
            return (.degraded, "failed: " + failed.map(\.id).joined(separator: ", ") + (failed.first?.message.map { " (\($0))" } ?? ""))
        }
        if ["failed", "error", "interrupted"].contains(lastTargetResult) {
            return (.degraded, "the last run ended \(lastTargetResult)\(firstError)")
        }
        if let runInProgress { return (.progressing, "run \(runInProgress) in progress") }
        if let trackedTip, trackedTip != lastTarget {
            return (.progressing, "\(trackedTip.prefix(12)) fetched, not reconciled yet")
        }
        let drifted = Set(findings.filter { $0.state == "drifted" }.map(\.stage)).sorted()
        if !drifted.isEmpty { return (.outOfSync, "drift in " + drifted.joined(separator: ", ")) }
        return (.inSync, "every stage applied \(lastTarget.map { String($0.prefix(12)) } ?? "the tip")")
    }
}
