import PhoenixDrivers

/// Which rendered stack deployments the swarm lists (`docker stack ls` on each manager, the probe
/// the apply uses). A stack it does not list has drifted (removed by hand, or its deploy was lost);
/// whether a listed stack runs the rendered compose is not observable from the stack list, and its
/// compose file on the share is compared as a file artifact.
struct StackObserver {
    let context: StageContext

    /// One item per stack that is not deployed, or per manager that could not be asked.
    func observe(_ deployments: [StackDeployment]) async -> [DriftItem] {
        let driver = context.driver
        var items: [DriftItem] = []
        let managers = Set(deployments.map(\.managerVMID)).sorted()
        for id in managers {
            let manager = Location.vm(id)
            let here = deployments.filter { $0.managerVMID == id }
            guard driver.observesGuests else {
                items.append(.unobserved(manager, "stacks", DriftItem.localDriverReason))
                continue
            }
            if let stopped = await GuestObservation.unavailable(manager, object: "stacks", driver: driver) {
                items.append(stopped)
                continue
            }
            let listed: Set<String>
            do {
                listed = try await StackDeployer(context: context, stage: .stackDeploy).deployedStacks(at: manager)
            } catch {
                items.append(GuestObservation.failed(manager, object: "stacks", error, driver: driver))
                continue
            }
            for deployment in here where !listed.contains(deployment.deployedName) {
                items.append(
                    .drifted(manager, "stack \(deployment.deployedName)", "stack \(deployment.deployedName) is not deployed"))
            }
        }
        return items
    }
}
