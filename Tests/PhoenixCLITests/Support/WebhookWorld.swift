import Foundation
import PhoenixEngine
import PhoenixTesting

/// One test's world for the live webhook tests: the example configuration in a bare repository made by
/// `phoenix-gitops init` and served by `git daemon`, the project's `hooks/post-receive` installed in it,
/// a shared webhook secret in a 0600 file, a state folder whose local target holds a CA root made with
/// `openssl req -x509` (so the `trusted-ca` stage has its input and the first run succeeds), and a tools
/// folder put first in the watcher's `PATH`.
///
/// The tools folder holds `dnsmasq`: a stand-in in front of the real one that, while ``hold`` exists,
/// creates ``held`` and waits (bounded) before `exec`ing the real `dnsmasq`. The local driver runs the
/// real `dnsmasq --test` inside the `dns` stage, so a test can hold a run in the middle of a stage
/// deterministically (no timing), signal the watcher, and let the stage go on.
final class WebhookWorld {
    let scratch: ScratchDirectory
    let remote: URL
    let secret: String
    let secretFile: URL
    let stateDirectory: URL
    let settingsFile: URL
    let tools: URL
    let hold: URL
    let held: URL
    private(set) var server: GitDaemon?

    /// The example's domain; DNS names are `<lower-cased name>.<domain>`.
    static let domain = "lab.phoenix.test"
    /// Where `trusted-ca` reads the CA root: `step_ca.root_ca_path` of the example, below the target.
    static let caRootPath = "mnt/pve/quickOS/lxc-persistent-data/230/ssl/phoenix_root_ca.crt"
    /// The variable the watcher reads the secret from when the settings name no file.
    static let secretVariable = "PHOENIX_WEBHOOK_SECRET"
    /// The records file of the `dns` stage, below the target.
    static let recordsPath = "etc/dnsmasq.d/00-phoenix-internal.conf"

    init(serve: Bool = true) throws {
        GitTestEnvironment.prepare()
        scratch = try ScratchDirectory(prefix: "phoenix-webhook")
        remote = scratch.path("config.git")
        let made = try Binary.run(["init", remote.path], in: scratch.url)
        guard made.succeeded else { throw FixtureFailure("init failed: \(made.stderr)") }
        try Self.installExecutable(
            from: BuiltExecutable.packageRoot.appendingPathComponent("hooks/post-receive"),
            to: remote.appendingPathComponent("hooks/post-receive"))

        var bytes = [UInt8](repeating: 0, count: 32)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        secret = bytes.map { String(format: "%02x", $0) }.joined()
        secretFile = scratch.path("webhook.secret")
        try Data((secret + "\n").utf8).write(to: secretFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secretFile.path)

        stateDirectory = scratch.path("state")
        let caRoot = stateDirectory.appendingPathComponent("target").appendingPathComponent(Self.caRootPath)
        try FileManager.default.createDirectory(at: caRoot.deletingLastPathComponent(), withIntermediateDirectories: true)
        try TestProcess.check(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=phoenix test root CA", "-keyout", scratch.path("ca.key").path, "-out", caRoot.path,
            ])

        // Failed stages are not retried within a test: every run a test sees is one it caused.
        settingsFile = scratch.path("settings.json")
        try Data("{\"retry_base_seconds\": 3600, \"retry_max_seconds\": 3600}\n".utf8).write(to: settingsFile)

        tools = scratch.path("tools")
        hold = scratch.path("hold")
        held = scratch.path("held")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        let real = try Self.locate("dnsmasq")
        let wrapper = """
            #!/bin/sh
            # Test stand-in in front of the real dnsmasq (see WebhookWorld): hold while the hold file exists.
            if [ -e \(Self.quoted(hold.path)) ]; then
              : > \(Self.quoted(held.path))
              n=0
              while [ -e \(Self.quoted(hold.path)) ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done
            fi
            exec \(Self.quoted(real)) "$@"

            """
        try Data(wrapper.utf8).write(to: tools.appendingPathComponent("dnsmasq"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tools.appendingPathComponent("dnsmasq").path)

        if serve { server = try GitDaemon(basePath: scratch.url) }
    }

    deinit {
        server?.stop()
    }

    /// The repository's URL for the watcher and for clones: git:// when served, else its path.
    var url: String { server?.url(for: "config.git") ?? remote.path }

    /// The state's local target.
    var target: URL { stateDirectory.appendingPathComponent("target") }

    /// The git CLI in the bare repository.
    var remoteGit: GitCLI { GitCLI(in: remote) }

    /// `watch` arguments for this world (the watcher's own flags come first).
    func watchArguments(listen: String, interval: String = "1h") -> [String] {
        [
            "watch", "--listen", listen, "--interval", interval, "--repo", url, "--state-dir", stateDirectory.path,
            "--settings", settingsFile.path,
        ]
    }

    /// The watcher's environment: the secret (unless `secret` is false), the tools folder first in `PATH`.
    func environment(secret withSecret: Bool = true) -> [String: String] {
        var extra = ["PATH": tools.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
        if withSecret { extra[Self.secretVariable] = secret }
        var environment = Binary.environment(extra)
        if !withSecret { environment.removeValue(forKey: Self.secretVariable) }
        return environment
    }

    /// Points the repository's post-receive hook at a watcher on `port`.
    func configureHook(port: Int) throws {
        try remoteGit.run("config", "phoenix.webhookURL", "http://127.0.0.1:\(port)/hooks/generic")
        try remoteGit.run("config", "phoenix.webhookSecretFile", secretFile.path)
    }

    /// A working clone of the repository, as a user would make.
    func clone(_ name: String = "work") throws -> GitCLI {
        let folder = scratch.path(name)
        try GitCLI(in: scratch.url).run("clone", "-q", url, folder.path)
        return GitCLI(in: folder)
    }

    /// state.json.
    func state() throws -> EngineState? {
        try StateStore(stateDirectory: stateDirectory).load()
    }

    /// The dns stage's records file as applied, or nil.
    func records() -> String? {
        (try? Data(contentsOf: target.appendingPathComponent(Self.recordsPath))).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The example's LXC file with a new container added (id, name, address, MAC), in the file's own
    /// formatting: one new object, nothing else touched (`lastOctet` in 60...99: the example uses .50 to .52 for VMs). With `firewall`, the container has an enabled
    /// firewall with one rule, so the `firewall` stage runs after `dns` too.
    static func addingContainer(
        to text: String, id: Int, name: String, lastOctet: Int, firewall: Bool = false
    ) throws -> String {
        let anchor = "\"lxc_configs\": {\n"
        guard let range = text.range(of: anchor) else { throw FixtureFailure("no lxc_configs object in the LXC file") }
        let rules =
            firewall
            ? """
            "enabled": true,
                            "rules": [
                                {"type": "in", "action": "ACCEPT", "proto": "tcp", "source": "10.20.0.0/24", "port": "22", "comment": "ssh from the lab"}
                            ]
            """
            : "\"enabled\": false,\n                \"rules\": []"
        let entry = """
                    "\(id)": {
                        "name": "\(name)",
                        "start_at_boot": false,
                        "boot_order": 9,
                        "boot_delay": 0,
                        "memory_mb": 512,
                        "cores": 1,
                        "storage_pool": "quickOS-lxc-disks",
                        "storage_size_gb": 4,
                        "template": "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
                        "unprivileged": true,
                        "features": ["base_setup"],
                        "network_config": {
                            "name": "eth0",
                            "bridge": "vmbr0",
                            "ip": "10.20.0.\(lastOctet)/24",
                            "gw": "10.20.0.1",
                            "nameservers": "10.20.0.2"
                        },
                        "mac_address": "02:20:00:00:02:\(lastOctet)",
                        "gpu_assignment": "none",
                        "portainer_role": "none",
                        "firewall": {
                            \(rules)
                        }
                    },

            """
        return text.replacingCharacters(in: range, with: anchor + entry)
    }

    /// Copies `source` to `destination`, mode 0755.
    static func installExecutable(from source: URL, to destination: URL) throws {
        try? FileManager.default.removeItem(at: destination)
        try FileManager.default.copyItem(at: source, to: destination)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: destination.path)
    }

    /// The absolute path of a tool in `PATH` or the sbin folders.
    static func locate(_ name: String) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/local/sbin:/usr/sbin:/sbin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw FixtureFailure("\(name) is not installed")
    }

    /// `text` in single quotes for sh.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
