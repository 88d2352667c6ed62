public import CoreMetrics
import Foundation
import Metrics

/// The one place that names phoenix-gitops' metrics and emits them through the swift-metrics API.
///
/// The engine (reconciler, poller) and the server (webhooks) both emit through a value of this type;
/// neither knows which backend collects the numbers. `PhoenixServer` installs a Prometheus backend and
/// serves it at `GET /metrics`; tests pass their own factory (`init(factory:)`) instead of bootstrapping
/// the process-wide `MetricsSystem`, which may be bootstrapped only once per process.
///
/// Label values are short, fixed words (see ``Result``); never a commit message, a path or a secret,
/// because every distinct value is a new time series.
public struct PhoenixMetrics: Sendable {
    /// Metric names, in Prometheus form (`snake_case`, unit suffix, `_total` on counters).
    public enum Name {
        /// Counter `{result}`: finished reconcile runs.
        public static let runs = "phoenix_runs_total"
        /// Counter `{stage, result}`: finished stage runs.
        public static let stageRuns = "phoenix_stage_runs_total"
        /// Counter `{stage, kind}`: stage failures by kind (`transient`, `permanent`, `stage`; ADR 0049).
        public static let stageFailures = "phoenix_stage_failures_total"
        /// Histogram (seconds): wall time of a whole run.
        public static let runDuration = "phoenix_run_duration_seconds"
        /// Counter `{result}`: fetches of the config repository.
        public static let fetches = "phoenix_fetches_total"
        /// Histogram (seconds): wall time of one fetch.
        public static let fetchDuration = "phoenix_fetch_duration_seconds"
        /// Counter `{provider, result}`: webhook requests, by how they were answered.
        public static let webhookRequests = "phoenix_webhook_requests_total"
        /// Counter `{source, disposition}`: triggers handed to the reconciler and what it did with them.
        public static let triggers = "phoenix_triggers_total"
        /// Gauge: commit time (Unix seconds) of the last commit applied successfully.
        public static let lastAppliedCommitTime = "phoenix_last_applied_commit_timestamp_seconds"
        /// Gauge: how many stages failed in their last run (0 when everything is applied).
        public static let stagesFailing = "phoenix_stages_failing"
        /// Gauge `{state}`: stages per drift state at the last drift check (``DriftState``).
        public static let driftStages = "phoenix_drift_stages"

        /// Every name, for tests and dashboards.
        public static let all = [
            runs, stageRuns, stageFailures, runDuration, fetches, fetchDuration, webhookRequests, triggers,
            lastAppliedCommitTime, stagesFailing, driftStages,
        ]
    }

    /// Label (dimension) names. Each metric always passes its labels in the same order, because the
    /// Prometheus registry keys a series by the ordered label list.
    public enum Label {
        /// Outcome of a run, stage, fetch or webhook request.
        public static let result = "result"
        /// A stage id (`dns`, `firewall`, ...).
        public static let stage = "stage"
        /// A webhook provider (`github`, `gitea`, `gitlab`, `generic`).
        public static let provider = "provider"
        /// What woke the reconciler (`webhook`, `poll`, `manual`, `startup`).
        public static let source = "source"
        /// What the reconciler did with a trigger (`started`, `queued`, `coalesced`, `refused`).
        public static let disposition = "disposition"
        /// A drift state (``DriftState``).
        public static let state = "state"
        /// A failure kind (``FailureKind``).
        public static let kind = "kind"
    }

    /// The values of the `state` label of `phoenix_drift_stages`.
    public enum DriftState {
        /// Files and observed state equal to what was applied.
        public static let inSync = "in_sync"
        /// Something differs.
        public static let drifted = "drifted"
        /// Something could not be checked (stopped guest, failed probe, a driver that cannot observe).
        public static let unknown = "unknown"
        /// Every value.
        public static let all = [inSync, drifted, unknown]
    }

    /// The usual values of the `result` label.
    public enum Result {
        /// A run, stage or fetch that did what it should.
        public static let success = "success"
        /// A run, stage or fetch that failed.
        public static let failure = "failure"
        /// A stage that cannot apply yet (its guest or role does not exist).
        public static let notApplicable = "not_applicable"
        /// A run that found nothing to do, or a stage that was skipped.
        public static let skipped = "skipped"
    }

    /// The backend every metric is created from.
    public let factory: any MetricsFactory

    /// Emits through `factory`; the default is whatever `MetricsSystem` holds (the process-wide backend,
    /// or a task-local one set with `withMetricsFactory`).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    // MARK: - Runs and stages

    /// Records a finished run: its result (``Result``) and how long it took.
    public func runFinished(result: String, duration: Duration) {
        Counter(label: Name.runs, dimensions: [(Label.result, result)], factory: factory).increment()
        Timer(label: Name.runDuration, dimensions: [], factory: factory).record(duration: duration)
    }

    /// Records a finished stage run.
    public func stageFinished(stage: String, result: String) {
        Counter(
            label: Name.stageRuns, dimensions: [(Label.stage, stage), (Label.result, result)], factory: factory
        ).increment()
    }

    /// Records a stage failure and its kind.
    public func stageFailed(stage: String, kind: String) {
        Counter(label: Name.stageFailures, dimensions: [(Label.stage, stage), (Label.kind, kind)], factory: factory).increment()
    }

    /// Records one fetch of the config repository.
    public func fetchFinished(succeeded: Bool, duration: Duration) {
        let result = succeeded ? Result.success : Result.failure
        Counter(label: Name.fetches, dimensions: [(Label.result, result)], factory: factory).increment()
        Timer(label: Name.fetchDuration, dimensions: [], factory: factory).record(duration: duration)
    }

    /// Sets the commit time of the last successfully applied commit.
    public func lastAppliedCommit(at time: Date) {
        Gauge(label: Name.lastAppliedCommitTime, dimensions: [], factory: factory)
            .record(time.timeIntervalSince1970)
    }

    /// Sets how many stages are failing now.
    public func stagesFailing(_ count: Int) {
        Gauge(label: Name.stagesFailing, dimensions: [], factory: factory).record(count)
    }

    // MARK: - Drift

    /// Sets how many stages are in sync, drifted and unknown after a drift check (stages not checked,
    /// never applied or failing, are in none of them).
    public func driftChecked(inSync: Int, drifted: Int, unknown: Int) {
        for (state, count) in [(DriftState.inSync, inSync), (DriftState.drifted, drifted), (DriftState.unknown, unknown)] {
            Gauge(label: Name.driftStages, dimensions: [(Label.state, state)], factory: factory).record(count)
        }
    }

    /// The gauge of a drift report.
    public func driftChecked(_ report: DriftReport) {
        driftChecked(
            inSync: report.stages(.inSync).count, drifted: report.stages(.drifted).count,
            unknown: report.stages(.unknown).count)
    }

    // MARK: - Triggers and webhooks

    /// Records a webhook request and how it was answered (`accepted`, `ignored`, `ping`, `unauthorized`, ...).
    public func webhookRequest(provider: String, result: String) {
        Counter(
            label: Name.webhookRequests, dimensions: [(Label.provider, provider), (Label.result, result)],
            factory: factory
        ).increment()
    }

    /// Records a trigger handed to the reconciler and what it did with it.
    public func triggered(source: String, disposition: String) {
        Counter(
            label: Name.triggers, dimensions: [(Label.source, source), (Label.disposition, disposition)],
            factory: factory
        ).increment()
    }

    // MARK: - Start-up

    /// Creates every unlabelled series and the given label combinations at zero, so `/metrics` shows each
    /// family (and alerts on `rate(...)` work) before the first event.
    ///
    /// - Parameters:
    ///   - stages: stage ids whose `phoenix_stage_runs_total` series should exist from the start.
    ///   - providers: webhook providers whose request counters should exist from the start.
    ///   - webhookResults: the webhook results to create per provider.
    public func prime(stages: [String] = [], providers: [String] = [], webhookResults: [String] = []) {
        for result in [Result.success, Result.failure, Result.skipped] {
            Counter(label: Name.runs, dimensions: [(Label.result, result)], factory: factory).increment(by: 0)
            for stage in stages {
                Counter(
                    label: Name.stageRuns, dimensions: [(Label.stage, stage), (Label.result, result)],
                    factory: factory
                ).increment(by: 0)
            }
        }
        for stage in stages {
            for kind in ["transient", "permanent", "stage"] {
                Counter(label: Name.stageFailures, dimensions: [(Label.stage, stage), (Label.kind, kind)], factory: factory)
                    .increment(by: 0)
            }
        }
        for result in [Result.success, Result.failure] {
            Counter(label: Name.fetches, dimensions: [(Label.result, result)], factory: factory).increment(by: 0)
        }
        for provider in providers {
            for result in webhookResults {
                Counter(
                    label: Name.webhookRequests, dimensions: [(Label.provider, provider), (Label.result, result)],
                    factory: factory
                ).increment(by: 0)
            }
        }
        _ = Timer(label: Name.runDuration, dimensions: [], factory: factory)
        _ = Timer(label: Name.fetchDuration, dimensions: [], factory: factory)
        _ = Gauge(label: Name.lastAppliedCommitTime, dimensions: [], factory: factory)
        Gauge(label: Name.stagesFailing, dimensions: [], factory: factory).record(0)
        for state in DriftState.all {
            _ = Gauge(label: Name.driftStages, dimensions: [(Label.state, state)], factory: factory)
        }
    }
}
