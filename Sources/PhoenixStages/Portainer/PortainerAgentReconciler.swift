import Foundation
import PhoenixDrivers

/// Converges one agent container to its spec: absent → run; present with another spec digest (or none:
/// made by hand or by the original) → remove and run; same spec but stopped → start; else nothing.
///
/// On a driver that does not observe guests (the local driver), `docker inspect` would answer nothing,
/// so the decision comes from the last apply instead: a spec seen for the first time → run; a spec
/// whose digest changed → remove and run; the same digest → nothing.
struct PortainerAgentReconciler {
    let context: StageContext
    let stage: StageID

    /// Reconciles `spec`, whose desired-state artifact has `digest` (and had `previousDigest` when it
    /// was last applied).
    func reconcile(_ spec: PortainerAgentSpec, digest: String, previousDigest: String?) async throws -> ApplyReport {
        var report = ApplyReport()
        let driver = context.driver
        let location = Location.vm(spec.vmid)
        guard driver.observesGuests else {
            guard previousDigest != digest else { return report }
            try await GuestReadiness.require(location, "Portainer agent \(spec.hostname)", stage: stage, driver: driver)
            if previousDigest != nil {
                try await act(["docker", "rm", "-f", spec.container], at: location, &report, "removed outdated \(spec.container)")
            }
            try await act(spec.runArgv(digest: digest), at: location, &report, "started \(spec.container) (\(spec.image))")
            return report
        }
        try await GuestReadiness.require(location, "Portainer agent \(spec.hostname)", stage: stage, driver: driver)
        let format = "{{.State.Running}} {{index .Config.Labels \"\(PortainerAgentSpec.specLabel)\"}}"
        let inspect = ["docker", "inspect", "--type", "container", "--format", format, spec.container]
        let result = try await driver.run(inspect, at: location)
        if result.succeeded {
            let words = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
                .split(separator: " ", maxSplits: 1).map(String.init)
            guard let running = words.first, running == "true" || running == "false" else {
                throw StageError.failed(
                    stage, "unexpected answer from docker inspect \(spec.container) on \(location): "
                        + String(result.stdoutText.prefix(200)).debugDescription)
            }
            if words.count == 2, words[1] == digest {
                guard running == "false" else { return report }
                try await act(["docker", "start", spec.container], at: location, &report, "started \(spec.container)")
                return report
            }
            try await act(["docker", "rm", "-f", spec.container], at: location, &report, "removed outdated \(spec.container)")
        } else if !DockerAnswers.isNotFound(result) {
            try await driver.runChecked(inspect, at: location)  // throws the failure, redacted
        }
        try await act(spec.runArgv(digest: digest), at: location, &report, "started \(spec.container) (\(spec.image))")
        return report
    }

    private func act(_ argv: [String], at location: Location, _ report: inout ApplyReport, _ note: String) async throws {
        try await context.driver.runChecked(argv, at: location)
        report.actions.append(context.driver.redactor.argv(argv))
        report.notes.append("\(location): \(note)")
        context.log("\(stage): \(location): \(note)")
    }
}
