import PhoenixCore
import PhoenixGit
import PhoenixStages

/// A file-level planner: a stage is a candidate when a file one of its input rules reads changed
/// since its watermark (the JSON pointer part of a rule is not consulted), or when it was never
/// applied; a candidate whose rendered artifacts equal what is applied is skipped as identical.
///
/// It is coarser than the pointer-level planner but never misses a change, which makes it the
/// engine's fallback and the planner of its own tests.
public struct FileRulePlanner: RunPlanner {
    /// Creates the planner.
    public init() {}

    public func plan(_ request: PlanRequest) async throws -> RunPlan {
        var diffs: [ObjectID: [String]] = [:]
        for base in Set(request.bases.values) where base != request.target {
            diffs[base] = try request.repository.diff(from: base, to: request.target).changedPaths
        }
        var plans: [StageRunPlan] = []
        for stage in request.catalogue.stages {
            let base = request.bases[stage.id]
            if let base, base == request.target {
                plans.append(StageRunPlan(stage: stage.id, base: base, decision: .skipUnaffected, reasons: ["already applied at \(base.short)"]))
                continue
            }
            var reasons: [String] = []
            if let base {
                reasons = Self.reasons(
                    stage, changed: diffs[base] ?? [], layout: request.layout,
                    composeFolders: request.snapshot.stacks.filter { $0.definedBy != nil }.map { ($0.path, $0.name) })
                if reasons.isEmpty {
                    plans.append(
                        StageRunPlan(
                            stage: stage.id, base: base, decision: .skipUnaffected,
                            reasons: ["nothing it reads changed since \(base.short)"]))
                    continue
                }
            } else {
                reasons = [request.applied[stage.id] == nil ? "never applied" : "no usable watermark; comparing rendered output"]
            }
            let render = stage.render(request.snapshot, settings: request.settings)
            if let reason = render.notApplicable {
                plans.append(
                    StageRunPlan(
                        stage: stage.id, base: base, decision: .notApplicable, reasons: ["not applicable: \(reason)"],
                        render: render))
            } else if !render.hasErrors, let applied = request.applied[stage.id], Set(applied) == Set(render.applied) {
                plans.append(
                    StageRunPlan(
                        stage: stage.id, base: base, decision: .skipIdenticalOutput,
                        reasons: reasons + ["rendered output identical to what is applied"], render: render))
            } else {
                plans.append(StageRunPlan(stage: stage.id, base: base, decision: .run, reasons: reasons, render: render))
            }
        }
        let changed = Set(diffs.values.flatMap { $0 }).sorted()
        return RunPlan(stages: plans, changedPaths: changed)
    }

    /// `config/x.json changed: rule x.json#/a/** (why)` for every rule whose file changed.
    static func reasons(
        _ stage: any Stage, changed: [String], layout: ConfigLayout, composeFolders: [(folder: String, name: String)] = []
    ) -> [String] {
        var reasons: [String] = []
        let stacksPrefix = layout.stacksPath.isEmpty ? "" : layout.stacksPath + "/"
        // A stack named by compose_file_path: its folder's files count as `<name>/<file>` for the rules.
        func stackRelative(_ path: String) -> String? {
            for (folder, name) in composeFolders where path.hasPrefix(folder + "/") {
                return name + "/" + path.dropFirst(folder.count + 1)
            }
            return path.hasPrefix(stacksPrefix) ? String(path.dropFirst(stacksPrefix.count)) : nil
        }
        for rule in stage.inputs {
            switch rule.target {
            case .json(let kind, _):
                let path = layout.path(of: kind)
                if changed.contains(path) { reasons.append("\(path) changed: rule \(rule) (\(rule.reason))") }
            case .stackPath:
                for path in changed {
                    guard let relative = stackRelative(path) else { continue }
                    if rule.matches(stackPath: relative) {
                        reasons.append("\(path) changed: rule \(rule) (\(rule.reason))")
                        break
                    }
                }
            }
        }
        return reasons
    }
}
