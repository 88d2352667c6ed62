/// The benchmarks `phoenix-bench` knows, in the order `all` runs them.
enum Benchmark: String, CaseIterable {
    /// 1. Change detection: PhoenixGit vs `git diff --name-only`.
    case changes
    /// 2. DNS aggregation: the dns renderer vs a jq program.
    case dns
    /// 3. The plan of a one-key change at growing sizes.
    case planScale = "plan-scale"
    /// 4. Stage executions and host writes over a scripted history vs a full sync per commit.
    case workAvoided = "work-avoided"
    /// 5. An idle poll over git://.
    case idlePoll = "idle-poll"
    /// The planner benchmark of issue #5 (with its quick check of the planned stages).
    case planner
}
