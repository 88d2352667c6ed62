import PhoenixDrivers

/// The shared idempotent file apply: write each file artifact whose destination differs, remove files
/// we wrote before that the render no longer produces, and touch nothing else.
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
        let keep = Set(files.map(\.key))
        for stale in context.previous.map(\.key) where stale.kind == .file && !keep.contains(stale) {
            guard try await context.driver.readFile(stale.path, at: stale.location) != nil else { continue }
            try await context.driver.removeFile(stale.path, at: stale.location)
            context.log("\(render.stage): removed \(stale) (no longer rendered)")
            report.removed.append(stale)
        }
        return report
    }
}
