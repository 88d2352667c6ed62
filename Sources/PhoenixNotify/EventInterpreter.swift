import Foundation
import PhoenixEngine
import PhoenixGit

/// Turns engine ``RunEvent``s into commit statuses and notification messages (pure: no I/O), so what
/// each event says can be tested without a network.
public struct EventInterpreter: Sendable {
    /// The watcher's context.
    public var context: NotifierContext
    /// The clock.
    public var now: @Sendable () -> Date

    /// Creates an interpreter.
    public init(context: NotifierContext, now: @escaping @Sendable () -> Date = { Date() }) {
        self.context = context
        self.now = now
    }

    /// The commit status an event sets, if any: `pending` when a run for the tracked branch starts, its
    /// result when it is recorded. Self-heal and certificate runs (`movesTarget == false`) apply an
    /// older commit again and set none: the tracked commit's status stays what its own run said.
    public func status(for event: RunEvent) -> CommitStatus? {
        switch event {
        case .runStarted(_, let commit, let trigger):
            return CommitStatus(
                sha: commit.hex, state: .pending, description: "applying (trigger: \(trigger.kind.rawValue))",
                context: context.statusContext, targetURL: context.statusURL)
        case .runFinished(let report, _, let movesTarget):
            guard movesTarget, let commit = report.source.commit else { return nil }
            return CommitStatus(
                sha: commit.hex, state: Self.state(of: report.result), description: Self.describe(report),
                context: context.statusContext, targetURL: context.statusURL)
        case .runAborted, .driftDetected, .selfHealStopped, .stageStarted, .stageFinished, .stageChecked:
            return nil
        }
    }

    /// The error status of a run that started (`commit`) and then could not finish.
    public func abortedStatus(commit: String, message: String) -> CommitStatus {
        CommitStatus(
            sha: commit, state: .error, description: "engine error: \(message)", context: context.statusContext,
            targetURL: context.statusURL)
    }

    /// The notification an event makes, with its deduplication key, if any.
    public func message(for event: RunEvent) -> (key: String, message: NotificationMessage)? {
        switch event {
        case .runStarted, .runAborted, .stageStarted, .stageFinished, .stageChecked:
            return nil
        case .runFinished(let report, let previous, let movesTarget):
            return finished(report, previous: previous, movesTarget: movesTarget)
        case .driftDetected(let drift):
            let drifted = drift.stages.filter { $0.status == .drifted }
            guard !drifted.isEmpty else { return nil }
            let first = drifted.first?.drifted.first
            let message = make(
                .driftDetected, title: "drift detected: \(drifted.map(\.stage.rawValue).joined(separator: ", "))",
                reason: first.map { "\($0.key): \($0.message)" } ?? "the target differs from what was applied",
                commit: drifted.first?.commit?.hex, summary: nil, runID: drift.id.rawValue,
                stages: drifted.map { stage in
                    .init(
                        stage: stage.stage.rawValue, result: "drifted",
                        detail: "\(stage.drifted.count) object(s)" + (stage.heal.map { "; \($0.action.rawValue)" } ?? ""))
                })
            return ("drift-detected:\(drift.fingerprint)", message)
        case .selfHealStopped(let suspension, let text, let check):
            let message = make(
                .selfHealStopped, title: "self-heal stopped for \(suspension.stage)", reason: text,
                commit: suspension.commit?.hex, summary: nil, runID: check.rawValue,
                stages: [.init(stage: suspension.stage.rawValue, result: "suspended", detail: suspension.object)])
            return ("self-heal-stopped:\(suspension.stage):\(suspension.since.timeIntervalSince1970)", message)
        }
    }

    private func finished(_ report: RunReport, previous: RunResultKind?, movesTarget: Bool) -> (
        key: String, message: NotificationMessage
    )? {
        let commit = report.source.commit
        let short = commit?.short ?? "-"
        let ran = report.stages.filter { $0.decision.runs }
        let lines = ran.map { NotificationMessage.StageLine(stage: $0.stage.rawValue, result: $0.result.rawValue, detail: $0.error) }
        let run = report.id.rawValue
        func make(_ event: NotificationEvent, _ title: String, _ reason: String, stages: [NotificationMessage.StageLine] = lines)
            -> (String, NotificationMessage)
        {
            ("\(event.rawValue):\(run)", self.make(event, title: title, reason: reason, commit: commit?.hex, summary: report.source.summary, runID: run, stages: stages))
        }
        switch (report.trigger.kind, report.result) {
        case (.drift, .succeeded) where !movesTarget:
            let healed = ran.map(\.stage.rawValue).joined(separator: ", ")
            return make(.driftHealed, "drift healed: \(healed)", "re-applied from \(short): " + (ran.first?.reasons.first ?? "drift"))
        case (.time, .succeeded) where !movesTarget:
            guard ran.contains(where: { $0.stage == .certificates && $0.result == .succeeded }) else { return nil }
            let reasons = ran.flatMap(\.reasons)
            return make(
                .certificateRenewed, "certificates renewed (\(reasons.count) due)",
                reasons.first ?? "certificates nearing expiry were renewed")
        case (_, .failed), (_, .error):
            return make(.runFailed, "run failed at \(short): \(Self.describe(report))", Self.firstProblem(report))
        case (_, .invalid), (_, .rejected):
            guard movesTarget else {
                return make(.runFailed, "run failed at \(short): \(Self.describe(report))", Self.firstProblem(report))
            }
            return make(.tipRefused, "tip \(short) refused: \(report.result.rawValue)", Self.firstProblem(report), stages: [])
        case (_, .succeeded):
            guard movesTarget, let previous, previous != .succeeded else { return nil }
            return make(
                .runRecovered, "run succeeded at \(short) after \(previous.rawValue)",
                "\(Self.describe(report)); the previous run for \(context.branch) ended \(previous.rawValue)")
        default:
            return nil
        }
    }

    private func make(
        _ event: NotificationEvent, title: String, reason: String, commit: String?, summary: String?, runID: String,
        stages: [NotificationMessage.StageLine]
    ) -> NotificationMessage {
        NotificationMessage(
            event: event, title: title, reason: reason, watcher: context.watcher, repository: context.repository,
            branch: context.branch, commit: commit, commitSummary: summary, runID: runID, stages: stages,
            statusURL: context.statusURL, at: now())
    }

    /// The status state of a run result.
    public static func state(of result: RunResultKind) -> CommitState {
        switch result {
        case .succeeded: .success
        case .failed, .invalid, .rejected, .drifted: .failure
        case .error, .interrupted, .running: .error
        // Records of an operator's suspend/resume set no status (they do not move the target); if one
        // ever did, the commit is neither applied nor refused by it.
        case .suspended, .resumed: .pending
        }
    }

    /// One line: `5 stages ran, 1 failed: dns`, `invalid: config/x.json:3:7: error: ...`.
    public static func describe(_ report: RunReport) -> String {
        let ran = report.stages.filter { $0.decision.runs }
        let failed = ran.filter { $0.result == .failed }.map(\.stage.rawValue)
        switch report.result {
        case .succeeded:
            return ran.isEmpty
                ? "nothing to apply (0 stages ran)"
                : "\(ran.count) stage\(ran.count == 1 ? "" : "s") ran, all succeeded"
        case .failed:
            return "\(ran.count) stage\(ran.count == 1 ? "" : "s") ran, \(failed.count) failed: \(failed.joined(separator: ", "))"
        case .invalid:
            return "invalid: " + (report.findings.first(where: { $0.severity == "error" })?.formatted ?? "configuration has errors")
        case .rejected:
            return "refused: " + (report.signature?.reason ?? "signature policy")
        case .interrupted:
            return "interrupted; the next run resumes it"
        case .error:
            return "engine error: " + (report.errors.first ?? "see the watcher's log")
        case .running, .drifted, .suspended, .resumed:
            return report.result.rawValue
        }
    }

    /// The first thing that went wrong: a failed stage's error, the first error finding, the signature
    /// verdict, a run error.
    static func firstProblem(_ report: RunReport) -> String {
        report.firstProblem ?? report.result.rawValue
    }
}
