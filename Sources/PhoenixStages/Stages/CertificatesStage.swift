import Foundation
import PhoenixCore
import PhoenixDrivers

/// Issues and renews the certificates of `certificate-manifest.json`, one entry at a time, only when
/// needed: the file is missing or unreadable, expires within `certificateRenewBefore` of
/// `context.now`, its CN or SANs differ from the entry (DNS, IP, e-mail and URI SANs compared as sets),
/// or the entry's rendered intent changed since it was last applied.
///
/// Render: one `desiredState` artifact per entry, `certificates<cert_path>` at the host (JSON, with the
/// config's `step_ca` values that fill the issuer's placeholders), and `certificates-policy/renewal`
/// when `step_ca.renew_before` overrides `settings.certificateRenewBefore`. Apply: `mkdir -p`, the
/// issuer argv (`settings.certificateIssuer`, never a shell string), `chmod` to the entry's
/// `permissions`; then, for a guest that does not see the host folder through a mount, a copy of both
/// files into the guest where they differ; then the entry's `post_renewal_command` (through `sh -c`,
/// the one documented shell-string exception) only for renewed entries. A failing entry does not stop
/// the others; the stage fails at the end naming every failed entry.
///
/// On a driver that does not observe guests (the local driver journals the issuer instead of running
/// it), an entry is issued when it is new or changed since the last apply, or when its certificate file
/// exists and needs renewal; a certificate that did not appear after issuing is a note, not a failure.
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
    /// Certificates expire with no commit: the watcher's timer renews them when due.
    public var isTimeDriven: Bool { true }

    /// The certificate roots, on the host and (for pushed copies, at the same paths) in guests.
    public func roots(_ settings: StageSettings) -> PathRoots {
        PathRoots(host: settings.certificateRoots, guests: settings.certificateRoots)
    }

    public var inputs: [InputRule] {
        [
            .json(.certificates, "/*/**", "each manifest entry is one certificate request"),
            .json(.lxc, "/lxc_configs/*/mount_points/**", "a container's mounts decide whether it sees the host files"),
            .json(.vm, "/vms/*/vmid", "a certificate's guest_id names a VM"),
            .json(.vm, "/vms/*/volumes/**", "a VM's NFS volumes decide whether it sees the host files"),
            .json(.hypervisor, "/step_ca/ca_url", "the issuer's --ca-url"),
            .json(.hypervisor, "/step_ca/root_ca_path", "the issuer's --root"),
            .json(.hypervisor, "/step_ca/provisioner_name", "the issuer's --provisioner"),
            .json(.hypervisor, "/step_ca/provisioner_password_file", "the issuer's --provisioner-password-file"),
            .json(.hypervisor, "/step_ca/certificate_validity", "the issuer's --not-after"),
            .json(.hypervisor, "/step_ca/renew_before", "how long before expiry a certificate is renewed"),
        ]
    }

    public func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        let (intents, diagnostics) = CertificateIntentBuilder.build(snapshot, settings: settings)
        var artifacts = intents.map {
            DesiredStateCoding.artifact($0, stage: id, location: .host, name: Self.entryPrefix + $0.certPath)
        }
        if !intents.isEmpty, let renewBefore = StepCAValues.renewBefore(snapshot) {
            let policy = RenewalPolicy(renewBefore: renewBefore.text, renewBeforeSeconds: renewBefore.seconds)
            artifacts.append(DesiredStateCoding.artifact(policy, stage: id, location: .host, name: Self.policyName))
        }
        return Render(stage: id, artifacts: artifacts, diagnostics: diagnostics)
    }

    /// The desired-state name prefix of an entry (followed by its absolute `cert_path`).
    static let entryPrefix = "certificates"
    /// The desired-state name of the renewal policy (outside `certificates/`, so no `cert_path` can
    /// collide with it).
    static let policyName = "certificates-policy/renewal"

    public func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        guard !render.hasErrors else { throw StageError.renderFailed(id, render.diagnostics) }
        let policy = try render.artifacts.first { $0.kind == .desiredState && $0.path == Self.policyName }.map {
            try DesiredStateCoding.decode(RenewalPolicy.self, from: $0)
        }
        let applier = CertificateApplier(
            context: context, stage: id,
            renewBefore: policy?.renewBeforeSeconds ?? context.settings.certificateRenewBefore)
        var report = ApplyReport()
        var failures: [String] = []
        let artifacts = render.artifacts.filter { $0.kind == .desiredState && $0.path != Self.policyName }
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

    /// Each entry's certificate as the apply would judge it at `context.now` (`CertificateObserver`).
    public func observe(_ render: Render, context: StageContext) async throws -> [DriftItem] {
        guard !render.hasErrors else { return [] }
        let policy = try render.artifacts.first { $0.kind == .desiredState && $0.path == Self.policyName }.map {
            try DesiredStateCoding.decode(RenewalPolicy.self, from: $0)
        }
        let observer = CertificateObserver(
            context: context, renewBefore: policy?.renewBeforeSeconds ?? context.settings.certificateRenewBefore)
        var items: [DriftItem] = []
        for artifact in render.artifacts where artifact.kind == .desiredState && artifact.path != Self.policyName {
            items += await observer.observe(try DesiredStateCoding.decode(CertificateIntent.self, from: artifact))
        }
        return items
    }

    /// An error's text without the stage prefix `StageError` adds (it is added once, at the end).
    private static func message(_ error: any Error) -> String {
        if case StageError.failed(_, let message) = error { return message }
        return "\(error)"
    }
}
