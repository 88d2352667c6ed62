import PhoenixEngine
/// In a cluster, continues from what another node's watcher applied (ADR 0047).
struct ClusterProgressStep: RunStep {
    var name: String { "cluster progress" }

    func run(_ run: inout RunInProgress) async throws -> RunStepResult {
        run.adoptClusterProgress()
        return .next
    }
}
