import PhoenixDrivers

/// An agent container against its spec, with the apply's probe (`docker inspect` of its running
/// state and spec-digest label): absent, stopped, or made from another spec is drift.
struct PortainerAgentObserver {
    let context: StageContext

    /// The difference for `spec` (rendered with `digest`), if any.
    func observe(_ spec: PortainerAgentSpec, digest: String) async -> [DriftItem] {
        let driver = context.driver
        let location = Location.vm(spec.vmid)
        let object = "container \(spec.container)"
        guard driver.observesGuests else { return [.unobserved(location, object, DriftItem.localDriverReason)] }
        if let stopped = await GuestObservation.unavailable(location, object: object, driver: driver) { return [stopped] }
        let format = "{{.State.Running}} {{index .Config.Labels \"\(PortainerAgentSpec.specLabel)\"}}"
        let inspect = ["docker", "inspect", "--type", "container", "--format", format, spec.container]
        do {
            let result = try await driver.run(inspect, at: location)
            guard result.succeeded else {
                if DockerAnswers.isNotFound(result) {
                    return [.drifted(location, object, "\(spec.container) does not exist")]
                }
                try await driver.runChecked(inspect, at: location)  // throws the failure, redacted
                return []
            }
            let words = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
                .split(separator: " ", maxSplits: 1).map(String.init)
            guard let running = words.first, running == "true" || running == "false" else {
                return [.unknown(location, object, "docker inspect answered \(String(result.stdoutText.prefix(120)).debugDescription)")]
            }
            if words.count < 2 || words[1] != digest {
                return [.drifted(location, object, "\(spec.container) was not created from the rendered spec")]
            }
            if running == "false" { return [.drifted(location, object, "\(spec.container) is stopped")] }
            return []
        } catch {
            return [GuestObservation.failed(location, object: object, error, driver: driver)]
        }
    }
}
