import Foundation
import PhoenixCore
import PhoenixDrivers

/// Turns certificate manifest entries into `CertificateIntent`s, reporting entries that cannot be
/// acted on. Pure: reads only the snapshot.
enum CertificateIntentBuilder {
    /// The intents (in manifest order) and the findings.
    /// `cert_path` and `key_path` must lie under one of the operator's `certificateRoots`; an entry
    /// outside them is an error and is not acted on.
    static func build(_ snapshot: ConfigSnapshot, settings: StageSettings) -> (intents: [CertificateIntent], diagnostics: [Diagnostic]) {
        let roots = PathRoots(host: settings.certificateRoots).host
        var intents: [CertificateIntent] = []
        var diagnostics: [Diagnostic] = []
        var seenPaths: [String: Int] = [:]
        let (stepCA, stepCAFindings) = StepCAValues.read(snapshot, settings: settings)
        if !snapshot.certificates.isEmpty { diagnostics += stepCAFindings }
        for (index, entry) in snapshot.certificates.enumerated() {
            let origin = entry.origin
            var problems: [String] = []
            let commonName = entry.commonName?.trimmingCharacters(in: .whitespaces) ?? ""
            if commonName.isEmpty {
                problems.append("has no common_name")
            } else if !isSafeArgument(commonName) {
                problems.append("common_name \(commonName.debugDescription) must not start with '-' or contain spaces or control characters")
            }
            for san in entry.sans where !san.isEmpty && !isSafeArgument(san) {
                problems.append("SAN \(san.debugDescription) must not start with '-' or contain spaces or control characters")
            }
            let certPath = checkedPath(entry.certPath, "cert_path", &problems)
            let keyPath = checkedPath(entry.keyPath, "key_path", &problems)
            var outside: [String] = []
            for (key, path) in [("cert_path", certPath), ("key_path", keyPath)] {
                guard let path, !roots.contains(where: { PathRoots.contains($0, path) && $0 != path }) else { continue }
                outside.append(
                    "\(key) \(path) is outside the certificate roots of the settings (stages.certificateRoots: "
                        + (roots.isEmpty ? "none" : roots.joined(separator: ", "))
                        + "); the watcher never reads, issues, chmods or pushes a file there")
            }
            if let certPath, let keyPath, certPath == keyPath {
                problems.append("cert_path and key_path are the same file")
            }
            let mode = checkedMode(entry.permissions, &problems)
            for problem in outside {
                diagnostics.append(
                    OriginDiagnostic.error(
                        .pathOutsideRoots, origin.appending(problem.hasPrefix("cert_path") ? "cert_path" : "key_path"),
                        "certificate entry \(index) \(problem)"))
            }
            guard problems.isEmpty, outside.isEmpty, let certPath, let keyPath else {
                for problem in problems {
                    diagnostics.append(
                        OriginDiagnostic.error(.invalidCertificateEntry, origin, "certificate entry \(index) \(problem)"))
                }
                continue
            }
            var duplicate = false
            for path in [certPath, keyPath] {
                if let first = seenPaths[path] {
                    diagnostics.append(
                        OriginDiagnostic.error(
                            .duplicateCertificatePath, origin,
                            "certificate entry \(index) writes \(path), which entry \(first) writes too"))
                    duplicate = true
                } else {
                    seenPaths[path] = index
                }
            }
            if duplicate { continue }
            let delivery = self.delivery(for: entry, certPath: certPath, keyPath: keyPath, in: snapshot, &diagnostics)
            let hook = entry.postRenewalCommand?.trimmingCharacters(in: .whitespacesAndNewlines)
            intents.append(
                CertificateIntent(
                    commonName: commonName, subjectAltNames: SubjectAltNames(classifying: entry.sans),
                    certPath: certPath, keyPath: keyPath, mode: mode, delivery: delivery,
                    postRenewalCommand: hook?.isEmpty == false ? hook : nil, stepCA: stepCA))
        }
        return (intents, diagnostics)
    }

    /// The guest that uses the entry and how its files reach it, or nil when the entry names no
    /// guest (or one that does not exist: a warning, the certificate is still kept on the host).
    private static func delivery(
        for entry: CertificateEntry, certPath: String, keyPath: String, in snapshot: ConfigSnapshot,
        _ diagnostics: inout [Diagnostic]
    ) -> CertificateIntent.Delivery? {
        guard let id = entry.guestID else { return nil }
        let guest: Guest?
        switch entry.guestType?.lowercased() {
        case "lxc": guest = snapshot.lxc(id: id).map(Guest.init)
        case "vm": guest = snapshot.vm(id: id).map(Guest.init)
        case nil: guest = snapshot.guest(id: id)
        case let other?:
            diagnostics.append(
                OriginDiagnostic.warning(
                    .unknownGuest, entry.origin.appending("guest_type"),
                    "guest_type \(other.debugDescription) is neither \"lxc\" nor \"vm\"; the certificate is not delivered to a guest"))
            return nil
        }
        guard let guest else {
            diagnostics.append(
                OriginDiagnostic.warning(
                    .unknownGuest, entry.origin.appending("guest_id"),
                    "guest \(entry.guestType ?? "") \(id) is not in the configuration; the certificate stays on the host"))
            return nil
        }
        let location: Location = guest.kind == .lxc ? .lxc(guest.id) : .vm(guest.id)
        let mounts = self.mounts(of: guest)
        if let guestCert = map(certPath, mounts), let guestKey = map(keyPath, mounts) {
            return .init(location: location, mode: .mounted, certPath: guestCert, keyPath: guestKey, owner: nil)
        }
        return .init(location: location, mode: .push, certPath: certPath, keyPath: keyPath, owner: entry.owner)
    }

    /// (host folder, guest folder) pairs: an LXC's bind mounts, a VM's NFS volumes (exported by the host).
    private static func mounts(of guest: Guest) -> [(host: String, guest: String)] {
        if let lxc = guest.lxc {
            return lxc.mountPoints.compactMap { mount in
                guard let host = mount.hostPath, let inside = mount.containerPath else { return nil }
                return (trimmed(host), trimmed(inside))
            }
        }
        return (guest.vm?.volumes ?? []).compactMap { volume in
            guard let host = volume.path, let inside = volume.mountPoint else { return nil }
            return (trimmed(host), trimmed(inside))
        }
    }

    /// The path inside the guest, through the longest mount that contains `path`.
    private static func map(_ path: String, _ mounts: [(host: String, guest: String)]) -> String? {
        let best = mounts.filter { path.hasPrefix($0.host + "/") }.max { $0.host.count < $1.host.count }
        guard let best else { return nil }
        let rest = path.dropFirst(best.host.count)
        return best.guest == "/" ? String(rest) : best.guest + rest
    }

    private static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    private static func checkedPath(_ path: String?, _ key: String, _ problems: inout [String]) -> String? {
        guard let path, !path.isEmpty else {
            problems.append("has no \(key)")
            return nil
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard path.hasPrefix("/"), !components.isEmpty, !components.contains(where: { $0 == "." || $0 == ".." }),
            !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else {
            problems.append("\(key) \(path.debugDescription) must be an absolute path without . or .. components")
            return nil
        }
        return "/" + components.joined(separator: "/")
    }

    /// `"640"`, `"0640"`, `640` → `"0640"`; anything else is a problem.
    private static func checkedMode(_ permissions: String?, _ problems: inout [String]) -> String? {
        guard let permissions, !permissions.isEmpty else { return nil }
        guard (3...4).contains(permissions.count), permissions.allSatisfy({ ("0"..."7").contains($0) }),
            let bits = Int(permissions, radix: 8)
        else {
            problems.append("permissions \(permissions.debugDescription) must be an octal mode such as \"640\"")
            return nil
        }
        let digits = String(bits, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Values that become single argv elements of the issuer: no leading dash (no option injection),
    /// no whitespace or control characters.
    private static func isSafeArgument(_ value: String) -> Bool {
        !value.hasPrefix("-") && !value.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F }
    }
}
