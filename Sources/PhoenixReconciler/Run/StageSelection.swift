import PhoenixEngine
import PhoenixPlanner
import PhoenixStages

/// What `apply --stage` makes of a plan: the named stages run (planned as never applied, so even when
/// up to date), with every dependency of theirs that has something to apply, because a stage applied
/// over a dependency that is behind would be wrong; every other stage the plan would run is held for the
/// next run (docs/adr/0045-operator-controls-in-the-run.md).
struct StageSelection: Sendable {
    /// The stages the operator named.
    let selected: Set<StageID>
    /// Dependencies that run because a named stage needs them, with the stage that pulled each in.
    let pulledIn: [StageID: StageID]
    /// Stages the plan would run that wait for the next run.
    let held: Set<StageID>

    init(selected: Set<StageID>, plan: Plan, catalogue: StageCatalogue) {
        self.selected = selected
        let running = Set(plan.stagesToRun.map(\.id))
        var pulledIn: [StageID: StageID] = [:]
        var queue = Array(selected)
        while let next = queue.popLast() {
            for dependency in catalogue.stage(next)?.dependencies ?? []
            where running.contains(dependency) && !selected.contains(dependency) && pulledIn[dependency] == nil {
                pulledIn[dependency] = pulledIn[next] ?? next
                queue.append(dependency)
            }
        }
        self.pulledIn = pulledIn
        held = running.subtracting(selected).subtracting(pulledIn.keys)
    }

    /// Says in the report why a stage runs or waits.
    func annotate(_ report: inout StageReport) {
        if selected.contains(report.stage) {
            report.reasons.insert("selected by apply --stage", at: 0)
        } else if let by = pulledIn[report.stage] {
            report.reasons.insert("runs because \(by) (selected by apply --stage) depends on it", at: 0)
        } else if held.contains(report.stage) {
            report.result = .held
            let names = selected.map(\.rawValue).sorted().joined(separator: ", ")
            report.reasons.append("held for the next run: apply --stage selected \(names)")
        }
    }
}
