import Foundation
import PhoenixCore
import PhoenixDrivers

/// Renders the artifacts of stacks to deploy through the swarm manager: per stack, the compose file on
/// the host's stacks share (`<stacksShare>/<stack>/docker-compose.<env>.yml`, next to the files the
/// `stack-files` stage copies, so relative paths such as `env_file` resolve) and a `StackDeployment`.
enum StackDeployRenderer {
    /// The rendered file's name inside the stack folder.
    static func composeFileName(_ settings: StageSettings) -> String {
        "docker-compose.\(settings.environment).yml"
    }

    /// Artifacts and findings for `stacks` (name and where it is listed), deployed through `manager`.
    /// `stateName` gives each deployment's desired-state name.
    static func render(
        _ stacks: [(name: String, origin: ValueOrigin)], manager: VMConfig, snapshot: ConfigSnapshot,
        settings: StageSettings, stage: StageID, stateName: (String) -> String
    ) -> (artifacts: [Artifact], diagnostics: [Diagnostic]) {
        var artifacts: [Artifact] = []
        var diagnostics: [Diagnostic] = []
        guard Stack.isSafeName(settings.environment) else {
            return (
                [],
                [
                    Diagnostic(
                        severity: .error, code: .unsafeStackName, file: nil,
                        message: "the environment name \(settings.environment.debugDescription) is not a safe file and stack name")
                ]
            )
        }
        let fileName = composeFileName(settings)
        for (name, origin) in stacks {
            guard Stack.isSafeName(name) else {
                diagnostics.append(
                    OriginDiagnostic.error(.unsafeStackName, origin, "stack name \(name.debugDescription) is not a safe folder name"))
                continue
            }
            guard let stack = snapshot.stack(named: name) else {
                diagnostics.append(
                    OriginDiagnostic.error(
                        .missingStack, origin, "stack \(name) is listed but \(snapshot.layout.stackPath(name))/ does not exist"))
                continue
            }
            if stack.files.contains(where: { $0.relativePath == fileName }) {
                diagnostics.append(
                    OriginDiagnostic.inFile(
                        .error, .renderedComposeNameTaken, stack.path + "/" + fileName,
                        "stack \(name) already has a file named \(fileName), which is where the rendered compose file goes"))
                continue
            }
            let (text, referenced, findings) = ComposeRenderer.render(
                stack, snapshot: snapshot, environment: settings.environment, stage: stage)
            diagnostics += findings
            guard let text else { continue }
            let hostFile = join(settings.stacksShare, name, fileName)
            // Variables are substituted into it, secrets included: not world-readable on the share.
            let file = Artifact(stage: stage, location: .host, path: hostFile, text: text, mode: settings.stackSecretFileMode)
            let inlined = stack.files.filter { referenced.contains($0.relativePath) }
            let deployment = StackDeployment(
                stack: name, deployedName: "\(settings.environment)_\(name)", managerVMID: manager.vmid,
                hostFile: hostFile, composeFile: join(settings.stacksMountInManager, name, fileName),
                composeSHA256: file.digest,
                stackFiles: Dictionary(inlined.map { ($0.relativePath, Artifact.sha256($0.bytes)) }) { first, _ in first })
            artifacts.append(file)
            artifacts.append(
                DesiredStateCoding.artifact(deployment, stage: stage, location: .vm(manager.vmid), name: stateName(name)))
        }
        return (artifacts, diagnostics)
    }

    private static func join(_ folder: String, _ parts: String...) -> String {
        ([folder.hasSuffix("/") ? String(folder.dropLast()) : folder] + parts).joined(separator: "/")
    }
}
