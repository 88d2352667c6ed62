import Foundation
import PhoenixCore
import PhoenixDrivers

/// The steps of `ArtifactSync.sync`, for stages that must check or reload between them
/// (dnsmasq --test before writing, nginx -t after writing with a way back).
extension ArtifactSync {
    /// A file artifact whose destination holds other bytes, with what is there now.
    public struct Change: Sendable {
        /// The rendered artifact.
        public var artifact: Artifact
        /// The current bytes at its destination (nil: absent).
        public var current: Data?
    }

    /// A file we applied before that the render no longer produces and that still exists.
    public struct Stale: Sendable {
        /// Its destination.
        public var key: ArtifactKey
        /// Its current bytes (kept so a failed check can put it back).
        public var current: Data
    }

    /// The file artifacts of `render` whose destination differs from the rendered bytes.
    public static func changes(_ render: Render, context: StageContext) async throws -> [Change] {
        var changes: [Change] = []
        for artifact in render.artifacts where artifact.kind == .file {
            let current = try await context.driver.readFile(artifact.path, at: artifact.location)
            if current != artifact.contents { changes.append(Change(artifact: artifact, current: current)) }
        }
        return changes
    }

    /// Files this stage applied before, no longer rendered, that still exist with the bytes it
    /// applied. Nothing is stale when the previous records are not this watcher's own
    /// (`previousIsTrusted`), and a file whose bytes changed since is left alone (logged): a removal
    /// needs both the record and the digest this watcher recorded.
    public static func staleFiles(_ render: Render, context: StageContext) async throws -> [Stale] {
        guard context.previousIsTrusted else {
            if !context.previous.isEmpty {
                context.log("\(render.stage): previous files come from the status branch; none is removed")
            }
            return []
        }
        let keep = Set(render.artifacts.filter { $0.kind == .file }.map(\.key))
        var stale: [Stale] = []
        for record in context.previous where record.key.kind == .file && !keep.contains(record.key) {
            let key = record.key
            guard let current = try await context.driver.readFile(key.path, at: key.location) else { continue }
            guard Artifact.sha256(current) == record.digest else {
                context.log("\(render.stage): kept \(key): no longer rendered, but changed since it was applied")
                continue
            }
            stale.append(Stale(key: key, current: current))
        }
        return stale.sorted { $0.key < $1.key }
    }

    /// Writes the changed artifacts; returns their keys.
    public static func write(_ changes: [Change], stage: StageID, context: StageContext) async throws -> [ArtifactKey] {
        var written: [ArtifactKey] = []
        for change in changes {
            let artifact = change.artifact
            try await context.driver.writeFile(
                artifact.path, contents: artifact.contents, mode: artifact.mode, owner: artifact.owner,
                at: artifact.location)
            context.log("\(stage): wrote \(artifact.key)")
            written.append(artifact.key)
        }
        return written
    }

    /// Removes stale files; returns their keys.
    public static func remove(_ stale: [Stale], stage: StageID, context: StageContext) async throws -> [ArtifactKey] {
        for file in stale {
            try await context.driver.removeFile(file.key.path, at: file.key.location)
            context.log("\(stage): removed \(file.key) (no longer rendered)")
        }
        return stale.map(\.key)
    }

    /// Puts back what `write` and `remove` changed (after a failed check): the previous bytes where
    /// there were some, no file where there was none. Best effort: every file is tried, and the first
    /// error is rethrown afterwards.
    /// `staleMode` is the mode stale files are written back with (their own is not known; 0640 for
    /// pmxcfs, which refuses any other).
    public static func restore(
        _ changes: [Change], _ stale: [Stale] = [], staleMode: Int = 0o644, stage: StageID, context: StageContext
    ) async throws {
        var firstError: (any Error)?
        for change in changes {
            let artifact = change.artifact
            do {
                if let previous = change.current {
                    try await context.driver.writeFile(
                        artifact.path, contents: previous, mode: artifact.mode, owner: artifact.owner, at: artifact.location)
                } else {
                    try await context.driver.removeFile(artifact.path, at: artifact.location)
                }
            } catch {
                firstError = firstError ?? error
            }
        }
        for file in stale {
            do {
                try await context.driver.writeFile(
                    file.key.path, contents: file.current, mode: staleMode, owner: nil, at: file.key.location)
            } catch {
                firstError = firstError ?? error
            }
        }
        context.log("\(stage): restored the previous files after a failed check")
        if let firstError { throw firstError }
    }

    /// Throws `StageError.renderFailed` when the render has errors: such a render is never applied.
    public static func requireRenderable(_ render: Render) throws {
        if render.hasErrors { throw StageError.renderFailed(render.stage, render.diagnostics) }
    }
}
