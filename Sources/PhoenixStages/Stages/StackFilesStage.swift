import Foundation
import PhoenixCore
import PhoenixDrivers

/// Copies every file of every `stacks/<name>/` folder to `<stacksShare>/<name>/<file>` on the host
/// (the NFS share the Swarm manager mounts), file by file with mode 0644. Only files this stage
/// wrote before and no longer renders are removed; nothing else in the share is touched (the
/// original ran `rsync --delete` and `chmod -R 777` on the whole tree). See docs/stages/stack-files.md.
public struct StackFilesStage: Stage {
    /// Creates the stage.
    public init() {}

    public var id: StageID { .stackFiles }
    public var summary: String { "copy the stack folders to the stacks share on the host, file by file" }
    public var dependencies: [StageID] { [] }

    /// The stacks share only.
    public func roots(_ settings: StageSettings) -> PathRoots {
        PathRoots(host: [settings.stacksShare])
    }

    public var inputs: [InputRule] {
        [.stackPath("*/**", "every file of every stack folder is copied")]
    }

    public func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        var render = Render(stage: id)
        let share = settings.stacksShare.hasSuffix("/") ? String(settings.stacksShare.dropLast()) : settings.stacksShare
        for stack in snapshot.stacks {
            guard Stack.isSafeName(stack.name) else {
                render.diagnostics.append(
                    Diagnostic(
                        severity: .error, code: .unsafeStackName, file: stack.path,
                        message: "stack-files: stack folder \"\(stack.name)\" is not a safe name ([A-Za-z0-9][A-Za-z0-9_.-]*); not copied"))
                continue
            }
            for file in stack.files {
                let parts = file.relativePath.split(separator: "/", omittingEmptySubsequences: false)
                guard !file.relativePath.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
                    file.relativePath.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) })
                else {
                    render.diagnostics.append(
                        Diagnostic(
                            severity: .error, code: .unrenderableValue, file: file.path,
                            message: "stack-files: \(file.path) has a path that cannot be copied safely"))
                    continue
                }
                render.artifacts.append(
                    Artifact(
                        stage: id, location: .host, path: "\(share)/\(stack.name)/\(file.relativePath)",
                        contents: file.bytes, mode: Self.holdsSecrets(file.relativePath) ? settings.stackSecretFileMode : settings.stackFileMode))
            }
        }
        render.artifacts.sort { $0.path < $1.path }
        return render
    }

    /// `*.env` files (and `.env`): environment files hold the stack's passwords, so they get
    /// `stackSecretFileMode` instead of `stackFileMode`.
    static func holdsSecrets(_ relativePath: String) -> Bool {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        return name == ".env" || name.hasSuffix(".env")
    }

    public func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        try ArtifactSync.requireRenderable(render)
        guard context.previous.isEmpty else { return try await ArtifactSync.sync(render, context: context) }
        // First apply onto a share the original managed: its files are mode 0777 with the same bytes,
        // and only a write sets the mode, so every file is written once.
        var report = ApplyReport()
        for artifact in render.artifacts where artifact.kind == .file {
            try await context.driver.writeFile(
                artifact.path, contents: artifact.contents, mode: artifact.mode, owner: artifact.owner, at: artifact.location)
            report.written.append(artifact.key)
        }
        context.log("stack-files: first apply, wrote \(report.written.count) file(s)")
        return report
    }
}
