import Foundation
import PhoenixDrivers

/// Converges the swarm on a driver that does not observe guests (the local driver, whose `docker info`
/// answers nothing): instead of probing, it compares the item artifacts of the new render
/// (`SwarmItems`) with those applied last time and issues exactly the commands that converge that
/// difference. On a first run every item is new. Applying the same render again issues nothing.
///
/// - `swarm/manager` new (first run, or another manager VM) → `docker swarm init --advertise-addr`.
///   Changed (another address) → a note: an active swarm is never re-initialised.
/// - `swarm/network/<n>` new → `docker network create --driver overlay --attachable <n>`.
/// - `swarm/node/<w>` new for a worker → `docker swarm join` on its VM. The token would come from the
///   manager, which is not asked; the command carries a placeholder (redacted in the journal anyway).
/// - labels: per node, keys no longer rendered → `--label-rm`, new or changed → `--label-add`, in one
///   `docker node update … <hostname>` (by hostname: node ids are only known by probing).
/// - `swarm/secret/<s>` new → `docker secret create <s> -` with the host file on stdin; a missing file
///   is a note (the local target usually lacks it), not a failure.
struct SwarmDeltaApplier {
    let desired: SwarmDesiredState
    let items: [Artifact]
    let context: StageContext
    let stage: StageID

    /// The placeholder for the join token the manager would print.
    static let joinTokenPlaceholder = "<worker join token from the manager>"

    private var driver: any HostDriver { context.driver }
    private var manager: Location { .vm(desired.manager.vmid) }

    /// Issues the commands for what changed since the last apply.
    func converge() async throws -> ApplyReport {
        var report = ApplyReport()
        let previous = Dictionary(
            context.previous.filter { $0.key.kind == .desiredState }.map { ($0.key, $0.digest) }) { first, _ in first }
        let current = Dictionary(items.map { ($0.key, $0.digest) }) { first, _ in first }
        func state(_ name: String, at location: Location) -> Change {
            let key = ArtifactKey(location: location, path: name, kind: .desiredState)
            guard let digest = current[key] else { return .unchanged }
            guard let before = previous[key] else { return .new }
            return before == digest ? .unchanged : .changed
        }

        switch state(SwarmItems.managerName, at: manager) {
        case .new:
            try await act(
                ["docker", "swarm", "init", "--advertise-addr", desired.manager.address], at: manager, &report,
                "initialised the swarm on \(manager) (\(desired.manager.name))")
        case .changed:
            report.notes.append(
                "the manager's settings changed (advertise address \(desired.manager.address)); an active swarm is not re-initialised")
        case .unchanged:
            break
        }
        let network = desired.network
        if state(SwarmItems.networkName(network.name), at: manager) == .new {
            var create = ["docker", "network", "create", "--driver", network.driver]
            if network.attachable { create.append("--attachable") }
            try await act(create + [network.name], at: manager, &report, "created overlay network \(network.name)")
        }
        for node in desired.nodes where node.role == "worker" && state(SwarmItems.nodeName(node.name), at: .vm(node.vmid)) == .new {
            let join = ["docker", "swarm", "join", "--token", Self.joinTokenPlaceholder, "\(desired.manager.address):2377"]
            try await act(join, at: .vm(node.vmid), &report, "joined \(node.name) as a worker", label: "swarm worker \(node.name)")
        }
        for node in desired.nodes {
            try await updateLabels(of: node, previous: previous, current: current, &report)
        }
        for secret in desired.secrets where state(SwarmItems.secretName(secret.name), at: manager) == .new {
            try await createSecret(secret, &report)
        }
        return report
    }

    /// Whether an item is new, changed or the same as last applied.
    private enum Change {
        case new, changed, unchanged
    }

    private func updateLabels(
        of node: SwarmDesiredState.Node, previous: [ArtifactKey: String], current: [ArtifactKey: String],
        _ report: inout ApplyReport
    ) async throws {
        let location = Location.vm(node.vmid)
        let prefix = SwarmItems.labelPrefix(node.name)
        func key(_ label: String) -> ArtifactKey {
            ArtifactKey(location: location, path: prefix + label, kind: .desiredState)
        }
        let before = previous.keys.filter { $0.location == location && $0.path.hasPrefix(prefix) }
            .map { String($0.path.dropFirst(prefix.count)) }
        let remove = before.filter { node.labels[$0] == nil }.sorted()
        let add = node.labels.filter { previous[key($0.key)] != current[key($0.key)] }.sorted { $0.key < $1.key }
        guard !remove.isEmpty || !add.isEmpty else { return }
        var update = ["docker", "node", "update"]
        for label in remove { update += ["--label-rm", label] }
        for (label, value) in add { update += ["--label-add", "\(label)=\(value)"] }
        update.append(node.name)
        try await act(update, at: manager, &report, "labels of \(node.name): +\(add.map(\.key)) -\(remove)")
    }

    private func createSecret(_ secret: SwarmDesiredState.Secret, _ report: inout ApplyReport) async throws {
        let value = try await driver.readFile(secret.sourceFile, at: .host)
        if value?.isEmpty ?? true {
            report.notes.append(
                "local driver: \(secret.sourceFile) is missing or empty in the target; secret \(secret.name) is created without its value")
        }
        try await act(
            ["docker", "secret", "create", secret.name, "-"], at: manager, &report,
            "created secret \(secret.name) from \(secret.sourceFile)", stdin: value ?? Data())
    }

    private func act(
        _ argv: [String], at location: Location, _ report: inout ApplyReport, _ note: String, label: String? = nil,
        stdin: Data? = nil
    ) async throws {
        try await GuestReadiness.require(
            location, label ?? "swarm manager \(desired.manager.name)", stage: stage, driver: driver)
        try await driver.runChecked(argv, at: location, stdin: stdin)
        report.actions.append(driver.redactor.argv(argv))
        report.notes.append(note)
        context.log("\(stage): \(note)")
    }
}
