import Foundation
import PhoenixDrivers

/// Converges one certificate intent: decide from the file on the host, issue when needed, deliver to
/// the guest when it does not see the host files, run the post-renewal command only after a renewal.
///
/// On a driver that does not observe guests (`observesGuests == false`: the local driver journals the
/// issuer instead of running it), a missing certificate file of an entry applied unchanged before is
/// not a reason to issue (the issuer was journalled then and could not produce it), and a certificate
/// that is still missing after issuing is a note instead of a failed post-issue check. A file that
/// does exist there (an issuer that really ran) is judged as on any other target.
struct CertificateApplier {
    let context: StageContext
    let stage: StageID
    /// Renew when the certificate expires within this many seconds.
    let renewBefore: Double

    /// Applies `intent` (rendered as `artifact`); returns what it did.
    func apply(_ intent: CertificateIntent, artifact: Artifact) async throws -> ApplyReport {
        var report = ApplyReport()
        let driver = context.driver
        let previousDigest = context.previous.first { $0.key == artifact.key }?.digest
        let entryChanged = previousDigest.map { $0 != artifact.digest } ?? false
        let existing = try await driver.readFile(intent.certPath, at: .host)
        // The key is probed too: through the confined driver a symlink on its way (or at it) is an
        // error here, before any command writes or chmods the path.
        _ = try await driver.readFile(intent.keyPath, at: .host)
        var renewed = false
        if let reason = RenewalReason.decide(
            intent, existing: existing, now: context.now, renewBefore: renewBefore, entryChanged: entryChanged),
            driver.observesGuests || existing != nil || previousDigest != artifact.digest
        {
            try await issue(intent, &report)
            let fresh = try await driver.readFile(intent.certPath, at: .host)
            if fresh == nil, !driver.observesGuests {
                report.notes.append(
                    "local driver: issuer journalled, no certificate produced for \(intent.commonName) (\(intent.certPath))")
            } else if context.settings.certificateVerifyAfterIssue,
                let still = RenewalReason.decide(
                    intent, existing: fresh, now: context.now, renewBefore: renewBefore, entryChanged: false)
            {
                // Without this check a CA that issues shorter than the renewal window (or ignores a SAN)
                // would be asked again on every run, forever.
                throw StageError.failed(stage, "the issuer ran, but the new certificate still needs renewal: \(still)")
            }
            report.notes.append("renewed \(intent.commonName): \(reason)")
            context.log("\(stage): renewed \(intent.commonName) (\(reason))")
            renewed = true
        }
        if let delivery = intent.delivery, delivery.mode == .push {
            try await push(intent, delivery, &report)
        }
        if renewed, let command = intent.postRenewalCommand {
            // A shell command from the repository runs only with the operator's consent (ADR 0017).
            guard context.commandsConsented || RepositoryCommandConsent.allows(command, context.settings.allowedPostRenewalCommands)
            else {
                let note =
                    "post_renewal_command of \(intent.commonName) not run: it is not in the settings' "
                    + "stages.allowedPostRenewalCommands and the watcher does not verify signatures (verify: head)"
                report.notes.append(note)
                context.log("\(stage): \(note)")
                return report
            }
            try await runHook(command, for: intent)
            report.actions.append(context.driver.redactor.argv(["sh", "-c", command]))
        }
        return report
    }

    private func issue(_ intent: CertificateIntent, _ report: inout ApplyReport) async throws {
        let driver = context.driver
        let folders = Set([intent.certPath, intent.keyPath].map { ($0 as NSString).deletingLastPathComponent })
        let mkdir = ["mkdir", "-p"] + folders.sorted()
        try await driver.runChecked(mkdir, at: .host)
        report.actions.append(driver.redactor.argv(mkdir))
        let issuer = intent.issuerArgv(
            template: context.settings.certificateIssuer, defaultNotAfter: context.settings.certificateValidity)
        try await driver.runChecked(issuer, at: .host)
        report.actions.append(driver.redactor.argv(issuer))
        if let mode = intent.mode {
            let chmod = ["chmod", mode, intent.certPath, intent.keyPath]
            try await driver.runChecked(chmod, at: .host)
            report.actions.append(driver.redactor.argv(chmod))
        }
    }

    /// Copies the host files into the guest where they differ (also repairs drift without a renewal).
    private func push(
        _ intent: CertificateIntent, _ delivery: CertificateIntent.Delivery, _ report: inout ApplyReport
    ) async throws {
        let driver = context.driver
        for (hostPath, guestPath) in [(intent.certPath, delivery.certPath), (intent.keyPath, delivery.keyPath)] {
            guard let bytes = try await driver.readFile(hostPath, at: .host) else {
                if !driver.observesGuests {
                    report.notes.append("local driver: \(hostPath) does not exist, so it was not copied into \(delivery.location)")
                    continue
                }
                throw StageError.failed(stage, "\(intent.commonName): \(hostPath) is missing on the host; nothing to push")
            }
            let current = try await driver.readFile(guestPath, at: delivery.location)
            guard current != bytes else { continue }
            try await driver.writeFile(
                guestPath, contents: bytes, mode: intent.modeBits ?? 0o600, owner: delivery.owner, at: delivery.location)
            report.written.append(ArtifactKey(location: delivery.location, path: guestPath))
            context.log("\(stage): pushed \(guestPath) to \(delivery.location)")
        }
    }

    /// Runs the operator's command through `sh -c` on the host (the one documented shell-string
    /// exception). `qm guest exec` exits 0 even when the guest command failed, so its JSON answer is
    /// checked too (`qm.pm` guest exec): `{"pid": N}` without `exited` is its timeout answer (the
    /// command still runs in the guest), `signal` without `exitcode` a command killed by a signal, and
    /// a non-zero `exitcode` a failure. An answer without `pid` or `exited` is not qm's and is ignored.
    private func runHook(_ command: String, for intent: CertificateIntent) async throws {
        let result = try await context.driver.runShellChecked(command, at: .host)
        let text = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("{"), let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
            let reply = object as? [String: Any], reply["pid"] != nil || reply["exited"] != nil
        else { return }
        guard let exited = Self.number(reply["exited"]), exited != 0 else {
            throw StageError.failed(
                stage, "\(intent.commonName): post_renewal_command did not finish in the guest (qm guest exec timed out; it may still be running)")
        }
        if let signal = Self.number(reply["signal"]) {
            throw StageError.failed(
                stage, "\(intent.commonName): post_renewal_command was killed in the guest by signal \(signal)")
        }
        guard let code = Self.number(reply["exitcode"]) else {
            throw StageError.failed(stage, "\(intent.commonName): post_renewal_command ended in the guest without an exit code")
        }
        if code != 0 {
            throw StageError.failed(
                stage, "\(intent.commonName): post_renewal_command failed in the guest with exit code \(code)")
        }
    }

    /// A JSON number or boolean as an integer (Perl's JSON prints flags as 1/0 or true/false).
    private static func number(_ value: Any?) -> Int? {
        switch value {
        case let number as Int: return number
        case let flag as Bool: return flag ? 1 : 0
        case let number as NSNumber: return number.intValue
        default: return nil
        }
    }
}
