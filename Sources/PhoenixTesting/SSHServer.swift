public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real OpenSSH `sshd` on 127.0.0.1 for ssh:// transport tests: its own host key, one authorised
/// client key pair (ed25519, no passphrase), public-key login only, for the user running the tests.
/// git runs through it exactly as on a real server (`git-upload-pack` / `git-receive-pack`).
///
/// Needs `/usr/sbin/sshd` (Debian `openssh-server`) and its privilege-separation folder `/run/sshd`
/// (created when running as root). Check ``isAvailable`` and skip the test otherwise.
public final class SSHServer: Sendable {
    /// The TCP port on 127.0.0.1.
    public let port: UInt16
    /// The login user (the user running the tests).
    public let user: String
    /// The client's private key (authorised on this server).
    public let clientPrivateKey: URL
    /// The client's public key.
    public let clientPublicKey: URL
    /// The server's host key fingerprint as `ssh-keygen -l` prints it (`SHA256:...`).
    public let hostKeyFingerprint: String
    private let process: BackgroundProcess
    private let directory: URL

    /// The sshd binary this fixture runs.
    public static let sshdPath = "/usr/sbin/sshd"

    /// True when sshd is installed and can be started here.
    public static var isAvailable: Bool {
        guard FileManager.default.isExecutableFile(atPath: sshdPath),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen")
        else { return false }
        return FileManager.default.fileExists(atPath: "/run/sshd") || getuid() == 0
    }

    /// Generates keys into `directory` (which must exist and is kept for the server's lifetime),
    /// starts sshd and waits (bounded) until it accepts connections.
    /// `environment` is set for every session (`SetEnv`), e.g. a `PATH` with a node's stand-in tools first.
    public init(directory: URL, attempts: Int = 5, environment: [String: String] = [:]) throws {
        self.directory = directory
        let hostKey = directory.appendingPathComponent("ssh_host_ed25519_key")
        clientPrivateKey = directory.appendingPathComponent("client_ed25519")
        clientPublicKey = directory.appendingPathComponent("client_ed25519.pub")
        for key in [hostKey, clientPrivateKey] {
            try TestProcess.check("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "phoenix-test", "-f", key.path])
        }
        let authorizedKeys = directory.appendingPathComponent("authorized_keys")
        try FileManager.default.copyItem(at: clientPublicKey, to: authorizedKeys)
        let listing = try TestProcess.check("ssh-keygen", ["-l", "-E", "sha256", "-f", hostKey.path + ".pub"]).stdout
        let fields = listing.split(separator: " ")
        guard fields.count >= 2 else {
            throw CommandError(argv: ["ssh-keygen", "-l"], result: nil, reason: "unexpected output: \(listing)")
        }
        hostKeyFingerprint = String(fields[1])
        user = Self.currentUser()
        if !FileManager.default.fileExists(atPath: "/run/sshd") {
            try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        }

        var lastLog = ""
        for attempt in 0..<max(attempts, 1) {
            guard let candidate = LoopbackPort.free() else { continue }
            let config = directory.appendingPathComponent("sshd_config")
            let settings = """
                ListenAddress 127.0.0.1:\(candidate)
                HostKey \(hostKey.path)
                AuthorizedKeysFile \(authorizedKeys.path)
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PermitRootLogin prohibit-password
                AllowUsers \(user)
                StrictModes no
                UsePAM no
                PidFile none
                LogLevel VERBOSE

                """ + environment.sorted { $0.key < $1.key }.map { "SetEnv \($0.key)=\($0.value)\n" }.joined()
            try Data(settings.utf8).write(to: config)
            let child = try BackgroundProcess(
                Self.sshdPath, ["-D", "-e", "-f", config.path],
                logURL: directory.appendingPathComponent("sshd-\(attempt).log"))
            if child.wait(until: { LoopbackPort.accepts(candidate) }), child.isRunning {
                port = candidate
                process = child
                return
            }
            lastLog = child.log
            child.stop()
        }
        throw CommandError(argv: [Self.sshdPath], result: nil, reason: "did not start listening; log: \(lastLog)")
    }

    /// `ssh://<user>@127.0.0.1:<port><absolute path>` for a repository at `path` on this machine.
    public func url(for path: URL) -> String {
        "ssh://\(user)@127.0.0.1:\(port)\(path.path)"
    }

    /// What sshd logged, for diagnostics.
    public var log: String { process.log }

    /// Stops sshd (SIGTERM to its PID, then wait). Idempotent.
    public func stop() {
        process.stop()
    }

    deinit {
        stop()
    }

    private static func currentUser() -> String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return ProcessInfo.processInfo.environment["USER"] ?? "root"
    }
}
