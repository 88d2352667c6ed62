import Foundation
import PhoenixCore
import PhoenixDrivers

/// Installs the Step-CA root certificate into the host's trust store: copies it from the CA's folder
/// on the host (`step_ca.root_ca_path`, else `StageSettings.caRootOnHost`) to
/// `StageSettings.hostTrustedCA` and runs `update-ca-certificates`, both only when the bytes differ.
///
/// The certificate itself is not in git, so the render is a desired-state artifact naming the two
/// paths; the apply reads the source through the driver (a missing source is a clear `StageError`).
/// Running the stage again after the CA was re-created picks up the new root (drift).
public struct TrustedCAStage: Stage {
    /// Creates the stage.
    public init() {}

    public var id: StageID { .trustedCA }
    public var summary: String { "install the Step-CA root certificate into the host trust store" }
    public var dependencies: [StageID] { [] }

    /// The CA root's possible sources (the setting, the certificate roots) and the trust store file.
    public func roots(_ settings: StageSettings) -> PathRoots {
        PathRoots(host: settings.certificateRoots + [settings.caRootOnHost, settings.hostTrustedCA])
    }

    /// The desired-state artifact's name.
    static let intentPath = "trusted-ca/root-certificate"

    public var inputs: [InputRule] {
        [.json(.hypervisor, "/step_ca/root_ca_path", "where the CA root certificate is on the host")]
    }

    public func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        var render = Render(stage: id)
        let source = CARootSource.hostPath(snapshot, settings: settings)
        let paths: [(name: String, path: String, origin: ValueOrigin?)] = [
            (source.origin == nil ? "setting caRootOnHost" : "step_ca.root_ca_path", source.path, source.origin),
            ("setting hostTrustedCA", settings.hostTrustedCA, nil),
        ]
        for item in paths where !item.path.hasPrefix("/") || item.path.contains(where: \.isNewline) {
            render.diagnostics.append(
                RenderFinding.make(
                    .error, .unrenderableValue, at: item.origin, in: snapshot,
                    "trusted-ca: \(item.name) \"\(item.path)\" is not an absolute path"))
        }
        if let origin = source.origin, source.path.hasPrefix("/"),
            roots(settings).root(containing: source.path, at: .host) == nil
        {
            // The config names which host file becomes a trusted root: only inside the operator's roots.
            render.diagnostics.append(
                RenderFinding.make(
                    .error, .pathOutsideRoots, at: origin, in: snapshot,
                    "trusted-ca: step_ca.root_ca_path \"\(source.path)\" is outside the certificate roots of the settings "
                        + "(stages.certificateRoots) and caRootOnHost; it is not read"))
        }
        guard !render.hasErrors else { return render }
        let text = [
            ManagedHeader.line(id),
            "source: \(source.path)",
            "destination: \(settings.hostTrustedCA)",
            "after-change: \(settings.trustedCAUpdate.joined(separator: " "))",
        ].joined(separator: "\n") + "\n"
        render.artifacts.append(
            Artifact(stage: id, location: .host, path: Self.intentPath, text: text, kind: .desiredState))
        return render
    }

    public func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        try ArtifactSync.requireRenderable(render)
        guard let intent = render.artifacts.first(where: { $0.path == Self.intentPath }) else { return ApplyReport() }
        let fields = Self.fields(of: intent)
        guard let source = fields["source"], let destination = fields["destination"] else {
            throw StageError.failed(id, "the rendered intent names no source or destination")
        }
        guard let certificate = try await context.driver.readFile(source, at: .host) else {
            throw StageError.failed(
                id, "the CA root certificate \(source) does not exist on the host; create the CA first (or set step_ca.root_ca_path)")
        }
        guard String(decoding: certificate.prefix(4096), as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            throw StageError.failed(id, "\(source) on the host is not a PEM certificate; nothing was installed")
        }
        var report = ApplyReport()
        guard try await context.driver.readFile(destination, at: .host) != certificate else { return report }
        try await context.driver.writeFile(destination, contents: certificate, mode: 0o644, owner: nil, at: .host)
        report.written.append(ArtifactKey(location: .host, path: destination))
        try await context.driver.runChecked(context.settings.trustedCAUpdate, at: .host)
        report.actions.append(context.settings.trustedCAUpdate)
        context.log("trusted-ca: installed \(source) as \(destination)")
        return report
    }

    /// Whether the trust store holds the CA's current root: the copy missing or different from the
    /// CA's file is drift (a CA re-created since, or a hand edit); a missing CA file is `unknown`.
    public func observe(_ render: Render, context: StageContext) async throws -> [DriftItem] {
        guard !render.hasErrors, let intent = render.artifacts.first(where: { $0.path == Self.intentPath }) else {
            return []
        }
        let fields = Self.fields(of: intent)
        guard let source = fields["source"], let destination = fields["destination"] else { return [] }
        let certificate = try await context.driver.readFile(source, at: .host)
        guard let certificate else {
            return [.unknown(.host, destination, "the CA root certificate \(source) does not exist on the host")]
        }
        let installed = try await context.driver.readFile(destination, at: .host)
        if installed == nil { return [.drifted(.host, destination, "the CA root is not in the trust store")] }
        if installed != certificate {
            return [.drifted(.host, destination, "the trust store's copy differs from \(source)")]
        }
        return []
    }

    /// `key: value` lines of the intent.
    static func fields(of artifact: Artifact) -> [String: String] {
        var fields: [String: String] = [:]
        for line in String(decoding: artifact.contents, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }
}
