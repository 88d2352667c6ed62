import Foundation
import PhoenixTesting

#if canImport(Glibc)
    import Glibc
#endif

/// A real dnsmasq, unprivileged (as nobody through `setpriv` when the tests run as root), on a free
/// loopback port, serving a records file; asked with the real `dig` (swift-libgit2-notes §6).
final class LiveDnsmasq {
    let process: BackgroundProcess
    let port: UInt16

    /// Starts dnsmasq for `records` (a copy of it, world-readable, lives in `folder`) and waits (bounded)
    /// until it answers `probe` with anything. A port taken in between is retried on another one.
    init(records: URL, domain: String, folder: URL, probe: String, attempts: Int = 5) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // dnsmasq reads the records as nobody: a byte-for-byte copy, world-readable (the target's own
        // folders need not be readable by nobody).
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        let copy = folder.appendingPathComponent("records.conf")
        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: records, to: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: copy.path)
        let dnsmasq = try WebhookWorld.locate("dnsmasq")
        var argvPrefix: [String] = []
        if getuid() == 0 { argvPrefix = [try WebhookWorld.locate("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups", "--"] }
        var lastLog = ""
        for attempt in 0..<attempts {
            guard let candidate = LoopbackPort.free() else { continue }
            let conf = folder.appendingPathComponent("dnsmasq-\(attempt).conf")
            let text = """
                port=\(candidate)
                listen-address=127.0.0.1
                bind-interfaces
                no-resolv
                no-hosts
                pid-file=
                log-facility=-
                local=/\(domain)/
                conf-file=\(copy.path)

                """
            try Data(text.utf8).write(to: conf)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: conf.path)
            let argv = argvPrefix + [dnsmasq, "--no-daemon", "--conf-file=\(conf.path)"]
            let child = try BackgroundProcess(
                argv[0], Array(argv.dropFirst()), logURL: folder.appendingPathComponent("dnsmasq-\(attempt).log"))
            if child.wait(until: { (try? Self.ask(port: candidate, probe)) != nil }, timeout: 10) {
                process = child
                port = candidate
                return
            }
            lastLog = child.log
            child.stop()
        }
        throw FixtureFailure("dnsmasq did not answer: \(lastLog)")
    }

    deinit {
        process.stop()
    }

    /// `dig @127.0.0.1 -p <port> +short <name>`: the answer lines, trimmed ("" for no record).
    func ask(_ name: String) throws -> String {
        try Self.ask(port: port, name) ?? ""
    }

    /// The answer, or nil when dig got no reply at all (not up yet).
    static func ask(port: UInt16, _ name: String) throws -> String? {
        let dig = try WebhookWorld.locate("dig")
        let result = try TestProcess.run(dig, ["@127.0.0.1", "-p", "\(port)", "+short", "+time=1", "+tries=1", name], timeout: 10)
        guard result.succeeded else { return nil }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
