import PhoenixDrivers

/// The shared idempotent file apply: write each file artifact whose destination differs, remove files
/// we wrote before that the render no longer produces (`staleFiles`: only with this watcher's own
/// records, and only while they hold the bytes it applied), and touch nothing else.
public enum ArtifactSync {
    /// Converges the file artifacts of `render`; returns what it wrote and removed. `desiredState`
    /// artifacts are ignored here (their stages act on them).
    public static func sync(_ render: Render, context: StageContext) async throws -> ApplyReport {
        var report = ApplyReport()
        let files = render.artifacts.filter { $0.kind == .file }
        for artifact in files {
            let current = try await context.driver.readFile(artifact.path, at: artifact.location)
            guard current != artifact.contents else { continue }
            try await context.driver.writeFile(
                artifact.path, contents: artifact.contents, mode: artifact.mode, owner: artifact.owner,
                at: artifact.location)
            context.log("\(render.stage): wrote \(artifact.key)")
            report.written.append(artifact.key)
        }
        for stale in try await staleFiles(render, context: context) {
            try await context.driver.removeFile(stale.key.path, at: stale.key.location)
            context.log("\(render.stage): removed \(stale.key) (no longer rendered)")
            report.removed.append(stale.key)
        }
        return report
    }
}
