import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixEngine
import PhoenixGit
import PhoenixStages

/// Run reports and drift reports as the engine records them, for the notifier tests.
enum Reports {
    static let commit = ObjectID(hex: "1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c")!
    static let older = ObjectID(hex: "aaaabbbbccccddddeeeeffff0000111122223333")!

    static func run(
        _ result: RunResultKind, trigger: RunTrigger.Kind = .webhook, stages: [(StageID, StageResultKind, String?)],
        commit: ObjectID = commit, id: RunID = .make()
    ) -> RunReport {
        var report = RunReport(
            id: id, watcher: WatcherIdentity(id: "lab", host: "pve"), trigger: RunTrigger(trigger),
            startedAt: Date(timeIntervalSince1970: 1_800_000_000),
            source: SourceInfo(repository: "git://config", branch: "main", commit: commit, summary: "add Webhook-Box"),
            previousCommit: older)
        report.result = result
        report.stages = stages.map { stage, result, error in
            StageReport(
                stage: stage, decision: .run, reasons: ["\(stage) input changed"], baseCommit: older, result: result,
                error: error)
        } + [StageReport(stage: .swarm, decision: .skipUnaffected, reasons: [], baseCommit: older, result: .upToDate)]
        return report
    }

    static func invalid() -> RunReport {
        var report = run(.invalid, stages: [])
        report.stages = []
        report.findings = [
            FindingRecord(
                Diagnostic(
                    severity: .error, code: "duplicate-ip", file: "config/phoenix_lxc_configs.json",
                    location: SourceLocation(line: 12, column: 17, offset: 0), message: "10.20.0.70 is used twice"))
        ]
        return report
    }

    static func drift(items: [String]) -> DriftReport {
        DriftReport(
            id: .make(), checkedAt: Date(timeIntervalSince1970: 1_800_000_100), selfHeal: true,
            stages: [
                StageDrift(
                    stage: .dns, status: .drifted, commit: commit, filesChecked: 2,
                    items: items.map { DriftItem.drifted(.host, $0, "contents differ from what was applied") }),
                StageDrift(stage: .firewall, status: .inSync, commit: commit, filesChecked: 1),
            ])
    }
}
