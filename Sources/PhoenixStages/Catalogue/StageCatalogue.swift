/// The stages and their dependency DAG.
public struct StageCatalogue: Sendable {
    /// Every stage, in a topological order of `dependencies` (ties broken by the order given).
    public let stages: [any Stage]

    /// A catalogue of `stages`; the order is made topological (dependencies first).
    /// - Precondition: ids are unique and the dependencies form no cycle (a programming error).
    public init(_ stages: [any Stage]) {
        var ordered: [any Stage] = []
        var placed = Set<StageID>()
        var remaining = stages
        while !remaining.isEmpty {
            guard let next = remaining.firstIndex(where: { stage in
                stage.dependencies.allSatisfy { dependency in
                    placed.contains(dependency) || !stages.contains { $0.id == dependency }
                }
            }) else {
                preconditionFailure("stage dependencies form a cycle: \(remaining.map(\.id))")
            }
            let stage = remaining.remove(at: next)
            precondition(!placed.contains(stage.id), "duplicate stage id \(stage.id)")
            placed.insert(stage.id)
            ordered.append(stage)
        }
        self.stages = ordered
    }

    /// Stage ids in topological order.
    public var ids: [StageID] { stages.map(\.id) }

    /// The stage with `id`.
    public func stage(_ id: StageID) -> (any Stage)? { stages.first { $0.id == id } }

    /// Every stage that depends on `id`, directly or not.
    public func dependents(of id: StageID) -> Set<StageID> {
        var result = Set<StageID>()
        var frontier = [id]
        while let current = frontier.popLast() {
            for stage in stages where stage.dependencies.contains(current) && !result.contains(stage.id) {
                result.insert(stage.id)
                frontier.append(stage.id)
            }
        }
        return result
    }
}
