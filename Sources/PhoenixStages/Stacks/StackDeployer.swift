import Foundation
import PhoenixDrivers

/// The shared apply of rendered stacks (stack-deploy and the Portainer server): write the rendered
/// compose files where they differ, then `docker stack deploy` on the manager only the stacks whose
/// deployment intent changed since last applied, or that the swarm does not list. A failing deploy
/// fails the stage (the original ignored the exit code); the other stacks are still tried first.
///
/// On a driver that does not observe guests (the local driver) `docker stack ls` would answer nothing,
/// so it is not asked: a stack is deployed when its intent is new or changed since the last apply.
struct StackDeployer {
    let context: StageContext
    let stage: StageID

    /// Applies the files of `render` and the given deployments (with the artifact each came from).
    func apply(_ render: Render, deployments: [(StackDeployment, Artifact)]) async throws -> ApplyReport {
        var report = try await ArtifactSync.sync(render, context: context)
        let observes = context.driver.observesGuests
        var deployedByManager: [Int: Set<String>] = [:]
        var failures: [String] = []
        for (deployment, artifact) in deployments {
            let previous = context.previous.first { $0.key == artifact.key }?.digest
            // Without observation, what was applied last time is assumed to be deployed.
            if !observes && previous == artifact.digest { continue }
            if deployedByManager[deployment.managerVMID] == nil {
                try await GuestReadiness.require(
                    .vm(deployment.managerVMID), "swarm manager", stage: stage, driver: context.driver)
                deployedByManager[deployment.managerVMID] =
                    observes ? try await deployedStacks(at: .vm(deployment.managerVMID)) : []
            }
            let listed = observes ? deployedByManager[deployment.managerVMID]?.contains(deployment.deployedName) ?? false : true
            guard previous != artifact.digest || !listed else { continue }
            let why = !listed ? "not deployed" : previous == nil ? "first apply" : "rendered output changed"
            do {
                try await context.driver.runChecked(deployment.deployArgv, at: .vm(deployment.managerVMID))
                report.actions.append(context.driver.redactor.argv(deployment.deployArgv))
                report.notes.append("deployed \(deployment.deployedName) (\(why))")
                context.log("\(stage): deployed \(deployment.deployedName) (\(why))")
            } catch {
                failures.append("\(deployment.deployedName): \(error)")
            }
        }
        guard failures.isEmpty else {
            throw StageError.failed(
                stage, context.driver.redactor.text("deploy failed for " + failures.joined(separator: "; ")))
        }
        return report
    }

    /// `docker stack ls --format '{{.Name}}'` on a manager.
    func deployedStacks(at manager: Location) async throws -> Set<String> {
        let result = try await context.driver.runChecked(["docker", "stack", "ls", "--format", "{{.Name}}"], at: manager)
        return Set(
            result.stdoutText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
}
