import PhoenixCore

/// The TLS files the gateway's nginx uses, as paths inside the gateway guest, derived from the
/// certificate manifest: the gateway's server certificate (the entry that covers `*.<domain>`, else
/// its first non-client entry), its client certificate (`cert_type: client`, presented to Traefik's
/// mesh), the root CA (the CA root's host path seen through the gateway's mounts), and the name
/// Traefik's certificate carries (the CN of the Traefik guest's entry). Host paths become guest
/// paths through the guest's mounts; whatever cannot be derived falls back to a documented default
/// under `StageSettings.nginxCertificateDirectory`, with an info diagnostic.
struct GatewayCertificates {
    var serverCertificate: String
    var serverKey: String
    var clientCertificate: String
    var clientKey: String
    var trustedCA: String
    /// The name to verify Traefik's mesh certificate against.
    var traefikName: String
    var diagnostics: [Diagnostic] = []

    init(_ snapshot: ConfigSnapshot, settings: StageSettings, gateway: Guest, traefik: Guest?, domain: String) {
        let directory = settings.nginxCertificateDirectory
        let map = GuestPathMap(gateway)
        let entries = Self.entries(of: gateway, in: snapshot)
        let servers = entries.filter { $0.certType?.lowercased() != "client" }
        let server = servers.first { Self.covers($0, "*.\(domain)") } ?? servers.first
        let client = entries.first { $0.certType?.lowercased() == "client" }
        var notes: [String] = []

        var errors: [String] = []
        func paths(_ entry: CertificateEntry?, defaultName: String, what: String) -> (String, String) {
            if let entry, let cert = entry.certPath.flatMap(map.guestPath(of:)), let key = entry.keyPath.flatMap(map.guestPath(of:)) {
                if Self.isSafePath(cert) && Self.isSafePath(key) { return (cert, key) }
                errors.append("the \(what) certificate paths of \(entry.commonName ?? "?") contain characters nginx cannot take unquoted")
            }
            let fallback = ("\(directory)/\(defaultName).crt", "\(directory)/\(defaultName).key")
            if let entry {
                notes.append("the \(what) certificate \(entry.commonName ?? "?") is not under a mount of \(gateway.label); using \(fallback.0)")
            } else {
                notes.append("no \(what) certificate for \(gateway.label) in the manifest; using \(fallback.0)")
            }
            return fallback
        }
        (serverCertificate, serverKey) = paths(server, defaultName: "gateway", what: "server")
        (clientCertificate, clientKey) = paths(client, defaultName: "gateway-client", what: "client")

        let caHost = CARootSource.hostPath(snapshot, settings: settings).path
        if let inside = map.guestPath(of: caHost), Self.isSafePath(inside) {
            trustedCA = inside
        } else {
            let name = caHost.split(separator: "/").last.map(String.init) ?? "root_ca.crt"
            trustedCA = "\(directory)/\(name)"
            notes.append("the CA root \(caHost) is not under a mount of \(gateway.label); using \(trustedCA)")
        }

        let traefikEntry = traefik.flatMap { guest in
            Self.entries(of: guest, in: snapshot).first { $0.certType?.lowercased() != "client" && $0.commonName != nil }
        }
        if let name = traefikEntry?.commonName, HostnameRules.isValid(name) {
            traefikName = name
        } else {
            traefikName = "\(settings.traefikDashboardName).\(domain)"
            notes.append("no server certificate for the Traefik guest in the manifest; the mesh upstream is verified as \(traefikName)")
        }
        diagnostics = notes.map {
            RenderFinding.make(
                .info, .renderDefaultUsed, file: .certificates, pointer: .root, in: snapshot, "nginx-gateway: \($0)")
        }
        diagnostics += errors.map {
            RenderFinding.make(
                .error, .unrenderableValue, file: .certificates, pointer: .root, in: snapshot, "nginx-gateway: \($0)")
        }
        if !Self.isSafePath(directory) {
            diagnostics.append(
                Diagnostic(
                    severity: .error, code: .unrenderableValue, file: nil,
                    message: "nginx-gateway: setting nginxCertificateDirectory \"\(directory)\" is not a plain absolute path"))
        }
    }

    /// An absolute path nginx can take as one unquoted argument: no whitespace, `;`, quotes, braces,
    /// `$` or control characters.
    static func isSafePath(_ path: String) -> Bool {
        path.hasPrefix("/")
            && path.unicodeScalars.allSatisfy { scalar in
                (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                    || "/._-+@:,=".unicodeScalars.contains(scalar)
            }
    }

    /// Manifest entries that belong to `guest`: its id (and type, when given), or, for entries without
    /// a guest id, certificate and key files under one of its mounts.
    static func entries(of guest: Guest, in snapshot: ConfigSnapshot) -> [CertificateEntry] {
        let map = GuestPathMap(guest)
        return snapshot.certificates.filter { entry in
            if let id = entry.guestID {
                return id == guest.id && (entry.guestType.map { $0.lowercased() == guest.kind.rawValue } ?? true)
            }
            guard let cert = entry.certPath, let key = entry.keyPath else { return false }
            return map.contains(cert) && map.contains(key)
        }
    }

    private static func covers(_ entry: CertificateEntry, _ name: String) -> Bool {
        ([entry.commonName].compactMap { $0 } + entry.sans).contains { $0.lowercased() == name }
    }
}
