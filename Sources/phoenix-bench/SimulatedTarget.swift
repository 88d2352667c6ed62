import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixStages

/// A host for benchmark 4: an in-memory `RecordingDriver` that journals like the local driver
/// (`observesGuests: false`), the artifacts each stage last applied, and counters of what was done.
final class SimulatedTarget {
    /// The driver (its counters are the host writes and commands).
    let driver: RecordingDriver
    /// Per stage, what it applied last (the reconciler's state).
    private(set) var applied: [StageID: [AppliedArtifact]] = [:]
    /// Stage applies performed.
    private(set) var executions = 0

    /// The Step-CA root the trusted-ca stage installs: on a real host the CA guest writes it.
    static let caRoot = Data("-----BEGIN CERTIFICATE-----\nMIIB (benchmark stand-in)\n-----END CERTIFICATE-----\n".utf8)

    /// A fresh host holding only the CA root at the example's `step_ca.root_ca_path`.
    init(caRootPath: String) async {
        driver = RecordingDriver(observesGuests: false)
        await driver.setFile(caRootPath, contents: Self.caRoot, at: .host)
    }

    /// Applies `ids` with `renders` in DAG order through `StageRunner`, as the reconciler does;
    /// throws when a stage does not succeed (the benchmark's results would be meaningless).
    func apply(_ ids: Set<StageID>, renders: [StageID: Render], snapshot: ConfigSnapshot, settings: StageSettings) async throws {
        guard !ids.isEmpty else { return }
        let driver = self.driver
        let previous = applied
        let results = await StageRunner(catalogue: .standard).run(
            ids, renders: renders,
            context: { stage in
                StageContext(
                    driver: driver, settings: settings, snapshot: snapshot, previous: previous[stage.id] ?? [],
                    now: Date(timeIntervalSince1970: 1_700_000_000))
            })
        executions += results.count
        for result in results {
            guard result.outcome.succeeded else { throw BenchError("work-avoided: \(result.stage) did not succeed: \(result.outcome)") }
            if let render = renders[result.stage] { applied[result.stage] = render.applied }
        }
    }

    /// Records a stage as up to date with `render` without applying it (a skip-identical-output stage).
    func record(_ stage: StageID, _ render: Render) {
        applied[stage] = render.applied
    }

    /// Every file the driver holds, by location and path (to compare two targets).
    func files() async -> [Location: [String: Data]] {
        var result: [Location: [String: Data]] = [:]
        for location in Set(await driver.operations.map(\.location)) {
            let files = await driver.files(at: location)
            if !files.isEmpty { result[location] = files }
        }
        return result
    }
}
