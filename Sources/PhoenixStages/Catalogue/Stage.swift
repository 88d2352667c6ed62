import Foundation
import PhoenixCore
import PhoenixDrivers

/// One step of the platform's convergence: what it reads, a pure render, and an apply through a driver.
///
/// Contract:
/// - `render` is pure and deterministic: the same snapshot and settings give byte-identical artifacts
///   (no clock, no host access, stable ordering). Problems are diagnostics, not thrown errors; a render
///   with an error diagnostic is never applied.
/// - `apply` is idempotent: it reads what is at each destination (or the observed state) and writes,
///   restarts or reloads only what differs. Applying the same render twice performs zero writes and
///   zero reloads the second time. All side effects go through `context.driver`.
public protocol Stage: Sendable {
    /// Stable id.
    var id: StageID { get }
    /// One line for people: what the stage does.
    var summary: String { get }
    /// Stages that must have succeeded (in this run or before) for this one to run.
    var dependencies: [StageID] { get }
    /// What the stage reads; the planner selects the stage when a change matches one of these.
    var inputs: [InputRule] { get }
    /// The only places the stage's apply and observe may touch, derived from the operator's
    /// settings, never from the repository. The engine hands the stage a driver confined to them.
    func roots(_ settings: StageSettings) -> PathRoots
    /// Renders the stage's artifacts from a snapshot.
    func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render
    /// Converges the target to `render`.
    func apply(_ render: Render, context: StageContext) async throws -> ApplyReport
    /// Reads the observed state `render` stands for (never its file artifacts, which the engine
    /// compares itself) and returns what differs or could not be checked. Read-only: no write, no
    /// command that changes anything. The default reports nothing (a stage of files only).
    ///
    /// On a driver that does not observe guests, probes are not sent: the parts that need them are
    /// reported `unobserved`, never as in sync. A stopped or missing guest makes its parts `unknown`.
    func observe(_ render: Render, context: StageContext) async throws -> [DriftItem]
    /// The part of the bytes found at one of the stage's file destinations that the stage owns, in the
    /// rendered form; drift compares only that part with the applied digest. The default is all of
    /// them; a stage that shares a file with the operator (`cluster.fw`) returns its own part.
    func ownedPart(of found: Data, at key: ArtifactKey) -> Data
    /// Whether the stage's host files live on the Proxmox cluster file system (`/etc/pve`), which
    /// pmxcfs replicates: in a cluster the stage runs once, on any reachable node, instead of on the
    /// nodes the settings name for host-level stages (docs/adr/0047-host-stages-on-cluster-nodes.md).
    /// The default is false.
    var writesClusterFileSystem: Bool { get }
    /// Whether time alone can make the stage due (a certificate nears its expiry with no commit): the
    /// watcher's timer then checks it like drift (`observe`) and, when something is due, runs it alone at
    /// its own watermark with trigger `time`. The engine knows no stage by id for this. Default false.
    var isTimeDriven: Bool { get }
}
