import PhoenixCore
import PhoenixDrivers

/// Docker Swarm membership on the VMs with a `swarm_role`: the manager is initialised when its engine
/// is not in a swarm (never `--force-new-cluster`), missing workers join with a token fetched from the
/// manager (a secret: redacted everywhere), node labels are reconciled both ways (added, changed and
/// removed to match `node_labels`), the overlay network is created when absent, and the Portainer
/// admin secret is created from `portainer_api.admin_password_file` when absent.
///
/// Render: one `desiredState` artifact `swarm/cluster` at the manager VM (JSON), the whole intent the
/// apply reads, and one per item (`SwarmItems`: manager, network, secrets, nodes, node labels), whose
/// keys and digests say what changed since the last apply. With no VM holding a `swarm_role` the
/// render is empty and the apply does nothing.
///
/// On a driver that observes guests the apply probes the live swarm and acts on differences
/// (`SwarmReconciler`); on one that does not (the local driver) it issues the commands for the items
/// that changed since the last apply (`SwarmDeltaApplier`).
///
/// Not reconciled: nodes that are not in the config (never removed or drained), stale Down nodes,
/// promotion/demotion, a worker that is already in another swarm (its join fails and is reported; it
/// is never forced to leave), and a changed secret value (Docker secrets are immutable).
public struct SwarmStage: Stage {
    /// Creates the stage.
    public init() {}

    public var id: StageID { .swarm }

    public var summary: String {
        "swarm init on the manager, worker joins, node labels both ways, overlay network, admin secret"
    }

    /// None: the swarm needs no certificate (the original's Docker TLS context made swarm depend on the
    /// certificates stage, whose hooks needed the swarm: a cycle on a fresh host).
    public var dependencies: [StageID] { [] }

    /// The host's secret folders (the Portainer admin password file is read from there).
    public func roots(_ settings: StageSettings) -> PathRoots {
        PathRoots(host: settings.hostSecretRoots)
    }

    public var inputs: [InputRule] {
        [
            .json(.vm, "/vms/*/vmid", "a node's VM is where join commands run"),
            .json(.vm, "/vms/*/is_template", "templates are not swarm nodes"),
            .json(.vm, "/vms/*/swarm_role", "manager and workers"),
            .json(.vm, "/vms/*/name", "a VM's name is its node's hostname"),
            .json(.vm, "/vms/*/node_labels/**", "node labels are reconciled both ways"),
            .json(.vm, "/vms/*/network_config/ip", "the manager's address is advertised and joined"),
            .json(.hypervisor, "/portainer_api/admin_password_file", "source of the Portainer admin secret"),
            .json(.hypervisor, "/portainer_api/admin_password", "a literal password is reported, not used"),
        ]
    }

    public func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        let (state, diagnostics) = SwarmDesiredState.build(snapshot, settings: settings)
        guard let state else { return Render(stage: id, diagnostics: diagnostics) }
        let artifact = DesiredStateCoding.artifact(
            state, stage: id, location: .vm(state.manager.vmid), name: Self.clusterName)
        return Render(stage: id, artifacts: [artifact] + SwarmItems.artifacts(state, stage: id), diagnostics: diagnostics)
    }

    public func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        guard !render.hasErrors else { throw StageError.renderFailed(id, render.diagnostics) }
        guard let artifact = render.artifacts.first(where: { $0.kind == .desiredState && $0.path == Self.clusterName })
        else {
            return ApplyReport(notes: ["no VM has a swarm_role; nothing to do"])
        }
        let desired = try DesiredStateCoding.decode(SwarmDesiredState.self, from: artifact)
        guard context.driver.observesGuests else {
            let items = render.artifacts.filter { $0.kind == .desiredState && $0.path != Self.clusterName }
            return try await SwarmDeltaApplier(desired: desired, items: items, context: context, stage: id).converge()
        }
        return try await SwarmReconciler(desired: desired, context: context, stage: id).reconcile()
    }

    /// Membership, labels, network and secrets as the swarm reports them (`SwarmObserver`).
    public func observe(_ render: Render, context: StageContext) async throws -> [DriftItem] {
        guard !render.hasErrors,
            let artifact = render.artifacts.first(where: { $0.kind == .desiredState && $0.path == Self.clusterName })
        else { return [] }
        let desired = try DesiredStateCoding.decode(SwarmDesiredState.self, from: artifact)
        return await SwarmObserver(desired: desired, context: context).observe()
    }

    /// The name of the whole desired state.
    static let clusterName = "swarm/cluster"
}
