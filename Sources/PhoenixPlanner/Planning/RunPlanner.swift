/// The seam between the reconciler and the planner: given the repository, the commit to apply, each
/// stage's watermark and what it applied, decide per stage whether it runs and why, with its render.
///
/// The reconciler has already validated the snapshot; a planner must not touch the host.
public protocol RunPlanner: Sendable {
    /// Plans one run. Throwing makes the run fail with the error (nothing is applied).
    func plan(_ request: PlanRequest) async throws -> Plan
}
