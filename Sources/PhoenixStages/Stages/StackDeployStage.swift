import PhoenixCore
import PhoenixDrivers

/// `docker stack deploy` of the stacks the VMs list in `docker_stacks` (except the Portainer server
/// stack, `settings.portainerServerStack`, which the `portainer` stage deploys), through the swarm
/// manager, only for stacks whose rendered output changed since last applied or that the swarm does
/// not list.
///
/// Render per stack: the compose file `<stacksShare>/<stack>/docker-compose.<env>.yml` on the host
/// (variables substituted, Traefik labels applied; see `ComposeRenderer`) and a `desiredState`
/// artifact `stack-deploy/<stack>` at the manager VM. Apply: write changed files, deploy with
/// `--compose-file <stacksMountInManager>/<stack>/docker-compose.<env>.yml --with-registry-auth
/// <env>_<stack>`; a failed deploy fails the stage. A stack no longer listed is `docker stack rm`-ed
/// only when `settings.pruneRemovedStacks` is on; its rendered file is removed from the share.
///
/// Every stack goes to the swarm through the manager, whichever VM lists it (as in the original):
/// placement comes only from the compose file's constraints.
public struct StackDeployStage: Stage {
    /// Creates the stage.
    public init() {}

    public var id: StageID { .stackDeploy }

    public var summary: String { "docker stack deploy of changed stacks through the swarm manager" }

    /// The stack files must be on the share (relative `env_file`s resolve there) and the swarm formed.
    public var dependencies: [StageID] { [.stackFiles, .swarm] }

    /// The rendered compose files, on the stacks share.
    public func roots(_ settings: StageSettings) -> PathRoots {
        PathRoots(host: [settings.stacksShare])
    }

    public var inputs: [InputRule] {
        [
            .json(.vm, "/vms/*/docker_stacks/**", "the stacks to deploy"),
            .json(.vm, "/vms/*/is_template", "templates list no deployed stacks"),
            .json(.vm, "/vms/*/vmid", "the manager VM runs the deploys"),
            .json(.vm, "/vms/*/swarm_role", "the manager VM runs the deploys"),
            .json(.stacksConfig, "/docker_stacks/*/environments/*/variables/**", "variables substituted into compose files"),
            .json(.stacksConfig, "/docker_stacks/*/environments/*/services/**", "Traefik labels set as deploy.labels"),
            .stackPath("*/**", "the compose file, its manifest's variables and labels, and files it inlines (env_file)"),
        ]
    }

    /// The desired-state name prefix of a stack.
    static let statePrefix = "stack-deploy/"

    public func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        var listed: [(name: String, origin: ValueOrigin)] = []
        for vm in snapshot.vms where !vm.isTemplate {
            for name in vm.dockerStacks
            where name != settings.portainerServerStack && !listed.contains(where: { $0.name == name }) {
                listed.append((name, vm.origin.appending("docker_stacks")))
            }
        }
        guard let first = listed.first else { return Render(stage: id) }
        let topology = SwarmTopology(snapshot)
        let (manager, findings) = topology.manager(for: "deploy stacks", at: first.origin)
        guard let manager else { return Render(stage: id, diagnostics: topology.diagnostics + findings) }
        let (artifacts, diagnostics) = StackDeployRenderer.render(
            listed.sorted { $0.name < $1.name }, manager: manager, snapshot: snapshot, settings: settings, stage: id,
            stateName: { Self.statePrefix + $0 })
        return Render(stage: id, artifacts: artifacts, diagnostics: topology.diagnostics + diagnostics)
    }

    public func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        guard !render.hasErrors else { throw StageError.renderFailed(id, render.diagnostics) }
        let deployments = try render.artifacts.filter { $0.kind == .desiredState }.map {
            (try DesiredStateCoding.decode(StackDeployment.self, from: $0), $0)
        }
        let deployer = StackDeployer(context: context, stage: id)
        var report = try await deployer.apply(render, deployments: deployments)
        try await pruneRemoved(render, deployer: deployer, &report)
        return report
    }

    /// Whether every rendered stack is deployed (`docker stack ls` on the manager).
    public func observe(_ render: Render, context: StageContext) async throws -> [DriftItem] {
        guard !render.hasErrors else { return [] }
        let deployments = try render.artifacts.filter { $0.kind == .desiredState }.map {
            try DesiredStateCoding.decode(StackDeployment.self, from: $0)
        }
        return await StackObserver(context: context).observe(deployments)
    }

    /// Stacks applied last time and no longer rendered: removed from the swarm only when pruning is on.
    private func pruneRemoved(_ render: Render, deployer: StackDeployer, _ report: inout ApplyReport) async throws {
        let context = deployer.context
        let current = Set(render.artifacts.filter { $0.kind == .desiredState }.map(\.path))
        let removed = context.previous.map(\.key).filter {
            $0.kind == .desiredState && $0.path.hasPrefix(Self.statePrefix) && !current.contains($0.path)
        }
        var deployed: [Location: Set<String>] = [:]
        for key in removed.sorted() {
            let name = "\(context.settings.environment)_\(key.path.dropFirst(Self.statePrefix.count))"
            guard context.settings.pruneRemovedStacks else {
                report.notes.append("\(name) is no longer listed; left deployed (pruneRemovedStacks is off)")
                continue
            }
            // Without observation, a stack applied last time is assumed to be deployed.
            if context.driver.observesGuests {
                if deployed[key.location] == nil { deployed[key.location] = try await deployer.deployedStacks(at: key.location) }
                guard deployed[key.location]?.contains(name) == true else { continue }
            }
            let remove = ["docker", "stack", "rm", name]
            try await context.driver.runChecked(remove, at: key.location)
            report.actions.append(remove)
            report.notes.append("removed \(name) (no longer listed)")
            context.log("\(id): removed stack \(name)")
        }
    }
}
