import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixStages

/// A stage for failure-kind tests: renders the domain into a host file, with an error diagnostic when
/// the domain is `broken.test` (a render error: the same commit fails the same way every time).
struct RenderCheckTestStage: Stage {
    var id: StageID { "domain" }
    var summary: String { "the domain, checked" }
    var dependencies: [StageID] { [] }
    var inputs: [InputRule] { [.json(.hypervisor, "/domain_name", "the domain")] }

    func roots(_ settings: StageSettings) -> PathRoots { PathRoots(host: ["/etc/phoenix-test"]) }

    func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        let domain = snapshot.hypervisor.domainName ?? "none"
        let artifacts = [Artifact(stage: id, location: .host, path: "/etc/phoenix-test/domain.conf", text: domain + "\n")]
        guard domain == "broken.test" else { return Render(stage: id, artifacts: artifacts) }
        let finding = Diagnostic(
            severity: .error, code: "test-render-error", file: "config/phoenix_hypervisor_config.json", message: "broken.test is refused")
        return Render(stage: id, artifacts: artifacts, diagnostics: [finding])
    }

    func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        try await ArtifactSync.sync(render, context: context)
    }
}
