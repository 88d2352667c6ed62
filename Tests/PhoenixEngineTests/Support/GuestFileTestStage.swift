import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixStages

/// A stage for cluster tests: one file inside a container (the guest's node decides where it goes).
struct GuestFileTestStage: Stage {
    let guest: Location
    var id: StageID { "guest-file" }
    var summary: String { "one file in a container" }
    var dependencies: [StageID] { [] }
    var inputs: [InputRule] { [.json(.lxc, "/lxc_configs/*/name", "guest names")] }

    func roots(_ settings: StageSettings) -> PathRoots { PathRoots(host: [], guests: ["/etc/phoenix-test"]) }

    func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        let text = snapshot.lxcs.map { $0.name ?? "" }.joined(separator: ",") + "\n"
        return Render(stage: id, artifacts: [Artifact(stage: id, location: guest, path: "/etc/phoenix-test/guest.conf", text: text)])
    }

    func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        try await ArtifactSync.sync(render, context: context)
    }
}
