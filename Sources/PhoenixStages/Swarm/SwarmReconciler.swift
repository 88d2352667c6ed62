import Foundation
import PhoenixDrivers

/// Converges the live swarm to a `SwarmDesiredState` through the driver, on the manager VM (and on
/// workers only to join them). Every step first reads the live state and acts only on a difference.
struct SwarmReconciler {
    let desired: SwarmDesiredState
    let context: StageContext
    let stage: StageID

    private var driver: any HostDriver { context.driver }
    private var manager: Location { .vm(desired.manager.vmid) }
    private var probe: SwarmProbe { SwarmProbe(driver: driver, manager: manager) }

    /// Runs every step; returns the actions taken.
    func reconcile() async throws -> ApplyReport {
        var report = ApplyReport()
        try await GuestReadiness.require(manager, "swarm manager \(desired.manager.name)", stage: stage, driver: driver)
        try await ensureManager(&report)
        try await ensureNetwork(&report)
        var nodes = try await listNodes()
        if try await joinMissingWorkers(nodes, &report) { nodes = try await listNodes() }
        for node in desired.nodes {
            try await reconcileLabels(of: node, live: nodes, &report)
        }
        for secret in desired.secrets {
            try await ensureSecret(secret, &report)
        }
        return report
    }

    // MARK: - Manager

    /// `docker info`: an active manager is fine; an inactive engine is initialised with the configured
    /// advertise address. Never `--force-new-cluster`, which would throw away a healthy cluster's state.
    private func ensureManager(_ report: inout ApplyReport) async throws {
        let answer = try await probe.managerState()
        switch (answer.state, answer.control) {
        case ("active", "true"):
            return
        case ("inactive", _):
            let initialise = ["docker", "swarm", "init", "--advertise-addr", desired.manager.address]
            try await driver.runChecked(initialise, at: manager)
            record(initialise, &report, "initialised the swarm on \(manager) (\(desired.manager.name))")
        case ("active", _):
            throw StageError.failed(
                stage,
                "\(manager) (\(desired.manager.name)) is an active swarm node without control (a worker of some "
                    + "swarm); it is not re-initialised. Make it leave that swarm or promote it by hand")
        case (let state, _):
            throw StageError.failed(
                stage, "\(manager) (\(desired.manager.name)) reports swarm state \(state); resolve it by hand")
        }
    }

    // MARK: - Network

    private func ensureNetwork(_ report: inout ApplyReport) async throws {
        let network = desired.network
        if let found = try await probe.networkDriver(network.name) {
            guard found == network.driver else {
                throw StageError.failed(
                    stage, "network \(network.name) exists with driver \(found), not \(network.driver); remove it by hand")
            }
            return
        }
        var create = ["docker", "network", "create", "--driver", network.driver]
        if network.attachable { create.append("--attachable") }
        create.append(network.name)
        try await driver.runChecked(create, at: manager)
        record(create, &report, "created overlay network \(network.name)")
    }

    // MARK: - Membership

    private func listNodes() async throws -> [SwarmNodeRow] {
        try await probe.nodes()
    }

    /// Joins each worker with no Ready node of its name. The join token is a secret: it is only ever
    /// passed as an argv element, and every error and report goes through a redactor that knows it.
    private func joinMissingWorkers(_ nodes: [SwarmNodeRow], _ report: inout ApplyReport) async throws -> Bool {
        let missing = desired.nodes.filter { node in
            node.role == "worker" && !nodes.contains { $0.hostname == node.name && $0.isReady }
        }
        guard !missing.isEmpty else { return false }
        let tokenResult = try await driver.runChecked(["docker", "swarm", "join-token", "-q", "worker"], at: manager)
        let token = tokenResult.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw StageError.failed(stage, "docker swarm join-token printed no token on \(manager)")
        }
        let redactor = driver.redactor.adding([token])
        for node in missing {
            try await GuestReadiness.require(.vm(node.vmid), "swarm worker \(node.name)", stage: stage, driver: driver)
            let join = ["docker", "swarm", "join", "--token", token, "\(desired.manager.address):2377"]
            let result = try await driver.run(join, at: .vm(node.vmid))
            guard result.succeeded else {
                throw StageError.failed(
                    stage,
                    redactor.text(
                        "joining \(node.name) (vm \(node.vmid)) failed with exit code \(result.exitCode): "
                            + result.diagnosticTail()))
            }
            report.actions.append(redactor.argv(join))
            report.notes.append("joined \(node.name) as a worker")
            context.log("\(stage): joined \(node.name) (vm \(node.vmid)) to the swarm")
        }
        return true
    }

    // MARK: - Labels

    /// Adds missing or different labels and removes labels the config no longer has, in one
    /// `docker node update`, by node id (a re-joined VM may leave a Down node of the same hostname).
    private func reconcileLabels(
        of node: SwarmDesiredState.Node, live: [SwarmNodeRow], _ report: inout ApplyReport
    ) async throws {
        let candidates = live.filter { $0.hostname == node.name && $0.isReady }
        guard candidates.count == 1, let row = candidates.first else {
            let problem =
                candidates.isEmpty
                ? "no Ready swarm node has the hostname \(node.name) (the VM's hostname must equal its name)"
                : "\(candidates.count) Ready swarm nodes have the hostname \(node.name)"
            throw StageError.failed(stage, problem)
        }
        let current = try await probe.labels(of: row.id)
        let remove = current.keys.filter { node.labels[$0] == nil }.sorted()
        let add = node.labels.filter { current[$0.key] != $0.value }.sorted { $0.key < $1.key }
        guard !remove.isEmpty || !add.isEmpty else { return }
        var update = ["docker", "node", "update"]
        for key in remove { update += ["--label-rm", key] }
        for (key, value) in add { update += ["--label-add", "\(key)=\(value)"] }
        update.append(row.id)
        try await driver.runChecked(update, at: manager)
        record(update, &report, "labels of \(node.name): +\(add.map(\.key)) -\(remove)")
    }

    // MARK: - Secrets

    /// Creates the secret from its host file when it does not exist. Docker secrets are immutable, so
    /// an existing one is left alone (a changed password is not propagated; rotate it by hand).
    private func ensureSecret(_ secret: SwarmDesiredState.Secret, _ report: inout ApplyReport) async throws {
        if try await probe.secretExists(secret.name) { return }
        guard let value = try await driver.readFile(secret.sourceFile, at: .host), !value.isEmpty else {
            throw StageError.failed(
                stage, "secret \(secret.name): its source file \(secret.sourceFile) is missing or empty on the host")
        }
        let create = ["docker", "secret", "create", secret.name, "-"]
        try await driver.runChecked(create, at: manager, stdin: value)
        record(create, &report, "created secret \(secret.name) from \(secret.sourceFile)")
    }

    private func record(_ argv: [String], _ report: inout ApplyReport, _ note: String) {
        report.actions.append(driver.redactor.argv(argv))
        context.log("\(stage): \(note)")
    }
}
