import Foundation
import PhoenixCore
import PhoenixDrivers

/// Issues and renews the certificates of `certificate-manifest.json`, one entry at a time, only when
/// needed: the file is missing or unreadable, expires within `certificateRenewBefore` of
/// `context.now`, its CN or SANs differ from the entry (DNS, IP, e-mail and URI SANs compared as sets),
/// or the entry's rendered intent changed since it was last applied.
///
/// Render: one `desiredState` artifact per entry, `certificates<cert_path>` at the host (JSON). Apply:
/// `mkdir -p`, the issuer argv (`settings.certificateIssuer`, never a shell string), `chmod` to the
/// entry's `permissions`; then, for a guest that does not see the host folder through a mount, a copy
/// of both files into the guest where they differ; then the entry's `post_renewal_command` (through
/// `sh -c`, the one documented shell-string exception) only for renewed entries. A failing entry does
/// not stop the others; the stage fails at the end naming every failed entry.
///
/// Not reconciled: files of removed entries stay (a key is never deleted automatically); `owner` is
/// applied only to copies pushed into guests (on the host it would name the guest's users, which for
/// unprivileged containers are other uids); `include_ca` and `cert_type` are not acted on.
public struct CertificatesStage: Stage {
    /// Creates the stage.
    public init() {}

    public var id: StageID { .certificates }

    public var summary: String {
        "issue or renew manifest certificates when missing, expiring, mismatched or changed; deliver; run hooks"
    }

    /// None. Deliberately not `trusted-ca`: the issuer (`step`) trusts the CA through its own
    /// bootstrap, not the host store. Deliberately not `swarm`: renewing the gateway's and Traefik's
    /// certificates must not wait for a healthy swarm. A hook that needs the swarm fails on a fresh
    /// host and is reported; the swarm never needs this stage, so the original's cycle cannot occur.
    public var dependencies: [StageID] { [] }

    public var inputs: [InputRule] {
        [
            .json(.certificates, "/*/**", "each manifest entry is one certificate request"),
            .json(.lxc, "/lxc_configs/*/mount_points/**", "a container's mounts decide whether it sees the host files"),
            .json(.vm, "/vms/*/vmid", "a certificate's guest_id names a VM"),
            .json(.vm, "/vms/*/volumes/**", "a VM's NFS volumes decide whether it sees the host files"),
        ]
    }

    public func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        let (intents, diagnostics) = CertificateIntentBuilder.build(snapshot)
        let artifacts = intents.map {
            DesiredStateCoding.artifact($0, stage: id, location: .host, name: "certificates" + $0.certPath)
        }
        return Render(stage: id, artifacts: artifacts, diagnostics: diagnostics)
    }

    public func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        guard !render.hasErrors else { throw StageError.renderFailed(id, render.diagnostics) }
        let applier = CertificateApplier(context: context, stage: id)
        var report = ApplyReport()
        var failures: [String] = []
        let artifacts = render.artifacts.filter { $0.kind == .desiredState }
        for artifact in artifacts {
            let intent = try DesiredStateCoding.decode(CertificateIntent.self, from: artifact)
            do {
                report.merge(try await applier.apply(intent, artifact: artifact))
            } catch {
                let message = Self.message(error)
                failures.append("\(intent.commonName): \(message)")
                context.log("\(id): \(intent.commonName) failed: \(message)")
            }
        }
        guard failures.isEmpty else {
            let text = "\(failures.count) of \(artifacts.count) certificate(s) failed: " + failures.joined(separator: "; ")
            throw StageError.failed(id, context.driver.redactor.text(text))
        }
        return report
    }

    /// An error's text without the stage prefix `StageError` adds (it is added once, at the end).
    private static func message(_ error: any Error) -> String {
        if case StageError.failed(_, let message) = error { return message }
        return "\(error)"
    }
}
