import PhoenixCore
import PhoenixStages

/// The check both input-recall suites make: apply one text edit to the example (after `setup` edits
/// made on both sides), render each stage
/// before and after, and list every stage whose output changed while none of its input rules matches
/// a changed JSON pointer or stack path (a planner that trusts the rules would miss that stage).
enum InputRecall {
    struct Outcome {
        /// Whether the edit changed any JSON pointer or stack file at all.
        var changedInputs: Bool
        /// Stages whose rendered artifacts differ.
        var changedStages: [StageID]
        /// One message per changed stage that no rule explains.
        var unexplained: [String]
    }

    static func check(
        _ name: String, file: String, old: String, new: String, stages: [any Stage],
        setup: [(file: String, old: String, new: String)] = []
    ) throws -> Outcome {
        var files = try StagesBFixtures.exampleFiles()
        // The setup edits make both sides (e.g. roles left to legacy names), so only the edit differs.
        for edit in setup { try StagesBFixtures.replace(&files, edit.file, edit.old, edit.new) }
        let before = try StagesBFixtures.load(InMemorySource(files: files))
        var changed = files
        try StagesBFixtures.replace(&changed, file, old, new)
        let after = try StagesBFixtures.load(InMemorySource(files: changed))

        var pointers: [(ConfigFileKind, JSONPointer)] = []
        for kind in ConfigFileKind.allCases {
            for change in JSONDiff.diff(old: before.json(kind), new: after.json(kind)) {
                pointers.append((kind, change.pointer))
                if let old = change.oldPointer { pointers.append((kind, old)) }
            }
        }
        let stackPaths = Set(files.keys).union(changed.keys).filter {
            $0.hasPrefix("stacks/") && files[$0] != changed[$0]
        }.map { String($0.dropFirst("stacks/".count)) }

        var outcome = Outcome(changedInputs: !pointers.isEmpty || !stackPaths.isEmpty, changedStages: [], unexplained: [])
        for stage in stages {
            let old = stage.render(before, settings: StageSettings())
            let new = stage.render(after, settings: StageSettings())
            guard old.artifacts != new.artifacts else { continue }
            outcome.changedStages.append(stage.id)
            let explained = stage.inputs.contains { rule in
                pointers.contains { rule.matches(file: $0.0, pointer: $0.1) } || stackPaths.contains { rule.matches(stackPath: $0) }
            }
            if !explained {
                outcome.unexplained.append(
                    "\(stage.id) output changed for \(name) but no input rule matches "
                        + "\(pointers.map { "\($0.0.fileName)#\($0.1)" }) \(stackPaths)")
            }
        }
        return outcome
    }
}
