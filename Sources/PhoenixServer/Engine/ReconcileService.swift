public import PhoenixReconciler
public import Foundation
import PhoenixEngine

/// What the HTTP server needs from the reconciler: the seam between `PhoenixServer` and the engine.
///
/// The server never runs anything itself and keeps no backlog: every accepted webhook becomes exactly one
/// ``trigger(_:)`` call, and the reconciler decides whether that starts a run, queues one, or joins the
/// one already queued (bursts coalesce into at most one run in progress plus one pending, DESIGN §5).
///
/// The engine's `ReconcileCoordinator` conforms in this module (`ReconcileCoordinator+ReconcileService.swift`),
/// since the engine does not depend on it. The implementation counts each trigger it takes
/// (`phoenix_triggers_total`); the server does not.
public protocol ReconcileService: Sendable {
    /// Asks for a run. Returns at once (it does not wait for the run) with the id of the run that will
    /// pick up this request and what happened to it.
    ///
    /// The reason's commit and ref are hints for the log only: the reconciler always fetches the tracked
    /// branch and computes the diff locally from git.
    func trigger(_ reason: TriggerReason) async -> TriggerReceipt

    /// The per-stage state as a JSON document (served as-is at `GET /status`).
    func statusJSON() async throws -> Data

    /// What `GET /readyz` decides from: the last fetch and whether the state can be read.
    func readiness() async -> Readiness
}
