/// The `# HELP` text of every family `/metrics` serves. swift-metrics has no place for help text, so
/// ``PrometheusBackend/render()`` adds these lines to the registry's output; a family missing here
/// still gets a generic line, so promtool's lint never fails on a new metric (a test lists the table).
enum MetricsHelp {
    static let text: [String: String] = [
        "phoenix_runs_total": "Finished reconcile runs, by result.",
        "phoenix_stage_runs_total": "Finished stage runs, by stage and result.",
        "phoenix_run_duration_seconds": "Duration of reconcile runs.",
        "phoenix_fetches_total": "Fetches of the config repository, by result.",
        "phoenix_fetch_duration_seconds": "Duration of fetches of the config repository.",
        "phoenix_webhook_requests_total": "Webhook requests, by provider and how they were answered.",
        "phoenix_triggers_total": "Run triggers handed to the reconciler, by source and disposition.",
        "phoenix_last_applied_commit_timestamp_seconds": "Commit time (Unix seconds) of the last commit applied successfully.",
        "phoenix_stages_failing": "Stages whose last run failed.",
        "phoenix_drift_stages": "Stages per drift state at the last drift check.",
        "phoenix_notifications_total": "Outbound notifications and commit statuses, by kind and result.",
        "phoenix_notification_queue_depth": "Outbound deliveries waiting in the queue.",
        "phoenix_build_info": "Always 1; the version of phoenix-gitops and of the linked libgit2 as labels.",
        "phoenix_stage_state": "1 for each stage's current state (its last result), 0 for its other states.",
        "phoenix_suspended": "1 while an operator has suspended reconciliation (phoenix-gitops suspend), else 0.",
    ]

    /// `rendered` with a `# HELP` line before every `# TYPE` line of a family that has none.
    static func annotate(_ rendered: String) -> String {
        var out: [Substring] = []
        var described = Set<Substring>()
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines where line.hasPrefix("# HELP ") {
            if let name = line.dropFirst(7).split(separator: " ").first { described.insert(name) }
        }
        var added: [String] = []
        for line in lines {
            if line.hasPrefix("# TYPE "), let name = line.dropFirst(7).split(separator: " ").first,
                !described.contains(name)
            {
                let help = text[String(name)] ?? "phoenix-gitops metric \(name)."
                added.append("# HELP \(name) \(help)")
                out.append(Substring(added[added.count - 1]))
                described.insert(name)
            }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }
}
