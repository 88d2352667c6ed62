import Foundation
import PhoenixDrivers

/// The read-only docker probes of the swarm stage, on the manager VM: the same commands the apply
/// decides from and the drift check observes with, so both read the swarm alike.
struct SwarmProbe {
    let driver: any HostDriver
    let manager: Location

    /// `docker info`: the local node state (`active`, `inactive`, ...) and whether it is a manager.
    func managerState() async throws -> (state: String, control: String) {
        let probe = ["docker", "info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}"]
        let answer = try await driver.runChecked(probe, at: manager).stdoutText
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        guard answer.count == 2 else {
            throw SwarmOutputError(command: "docker info", output: answer.joined(separator: " "))
        }
        return (answer[0], answer[1])
    }

    /// The network's driver, or nil when there is no such network.
    func networkDriver(_ name: String) async throws -> String? {
        let inspect = ["docker", "network", "inspect", "--format", "{{.Driver}}", name]
        let result = try await driver.run(inspect, at: manager)
        if result.succeeded { return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard DockerAnswers.isNotFound(result) else {
            try await driver.runChecked(inspect, at: manager)  // throws the command's failure, redacted
            return nil
        }
        return nil
    }

    /// `docker node ls`.
    func nodes() async throws -> [SwarmNodeRow] {
        let result = try await driver.runChecked(["docker", "node", "ls", "--format", "{{json .}}"], at: manager)
        return try SwarmNodeRow.parse(result.stdoutText)
    }

    /// A node's labels (by node id).
    func labels(of nodeID: String) async throws -> [String: String] {
        let inspect = ["docker", "node", "inspect", "--format", "{{json .Spec.Labels}}", nodeID]
        let text = try await driver.runChecked(inspect, at: manager).stdoutText
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if text == "null" || text.isEmpty { return [:] }
        guard let decoded = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
            throw SwarmOutputError(command: "docker node inspect \(nodeID)", output: String(text.prefix(200)))
        }
        return decoded
    }

    /// Whether the secret exists.
    func secretExists(_ name: String) async throws -> Bool {
        let inspect = ["docker", "secret", "inspect", "--format", "{{.ID}}", name]
        let result = try await driver.run(inspect, at: manager)
        if result.succeeded { return true }
        guard DockerAnswers.isNotFound(result) else {
            try await driver.runChecked(inspect, at: manager)
            return false
        }
        return false
    }
}
