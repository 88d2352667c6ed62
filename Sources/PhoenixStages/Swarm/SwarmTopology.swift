import PhoenixCore

/// Which VMs form the swarm, from `swarm_role` (templates excluded): exactly one manager, any number
/// of workers. Shared by the swarm, portainer and stack-deploy stages, which all act on the manager.
struct SwarmTopology {
    /// VMs with `swarm_role: manager`.
    var managers: [VMConfig]
    /// VMs with `swarm_role: worker`.
    var workers: [VMConfig]
    /// `swarm_role` values that are neither.
    var diagnostics: [Diagnostic]

    /// Reads the roles.
    init(_ snapshot: ConfigSnapshot) {
        managers = []
        workers = []
        diagnostics = []
        for vm in snapshot.vms where !vm.isTemplate {
            switch vm.swarmRole?.lowercased() {
            case nil: continue
            case "manager": managers.append(vm)
            case "worker": workers.append(vm)
            case let other?:
                diagnostics.append(
                    OriginDiagnostic.error(
                        .invalidSwarmNode, vm.origin.appending("swarm_role"),
                        "VM \(vm.vmid): swarm_role \(other.debugDescription) is neither \"manager\" nor \"worker\""))
            }
        }
    }

    /// Whether any VM takes part in a swarm.
    var isEmpty: Bool { managers.isEmpty && workers.isEmpty }

    /// The one manager, or the error that makes it unknown, phrased for `purpose` ("deploy stacks").
    func manager(for purpose: String, at origin: ValueOrigin) -> (VMConfig?, [Diagnostic]) {
        switch managers.count {
        case 1:
            return (managers[0], [])
        case 0:
            return (
                nil,
                [
                    OriginDiagnostic.error(
                        .swarmManagerCount, origin, "no VM has swarm_role \"manager\"; cannot \(purpose)")
                ]
            )
        default:
            let ids = managers.map { String($0.vmid) }.joined(separator: ", ")
            return (
                nil,
                managers.map {
                    OriginDiagnostic.error(
                        .swarmManagerCount, $0.origin.appending("swarm_role"),
                        "VMs \(ids) all have swarm_role \"manager\"; exactly one manager is supported, cannot \(purpose)")
                }
            )
        }
    }
}
