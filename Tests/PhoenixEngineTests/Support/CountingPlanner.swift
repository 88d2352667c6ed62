import PhoenixEngine
import PhoenixPlanner

/// A planner that counts its calls (an idle poll must not plan).
final class CountingPlanner: RunPlanner {
    private let calls = Counter()
    var count: Int { calls.value }

    func plan(_ request: PlanRequest) async throws -> Plan {
        calls.increment()
        return try await StandardRunPlanner().plan(request)
    }
}
