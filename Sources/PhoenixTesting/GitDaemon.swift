public import Foundation

/// A real `git daemon` serving every repository under a folder over git:// on 127.0.0.1, with pushes
/// enabled (`--enable=receive-pack`), so server-side hooks run as on a real server.
///
/// It listens on a port found free at start (retrying on collision) and is ready when `init` returns.
/// Stop it with ``stop()``; deinit stops it too.
///
/// ```swift
/// let daemon = try GitDaemon(basePath: scratch.url)
/// let url = daemon.url(for: "remote.git")   // git://127.0.0.1:<port>/remote.git
/// ```
public final class GitDaemon: Sendable {
    /// The folder whose repositories are served.
    public let basePath: URL
    /// The TCP port on 127.0.0.1.
    public let port: UInt16
    private let process: BackgroundProcess

    /// Starts the daemon and waits (bounded) until its port accepts connections.
    public init(basePath: URL, attempts: Int = 5) throws {
        self.basePath = basePath
        var lastLog = ""
        for _ in 0..<max(attempts, 1) {
            guard let candidate = LoopbackPort.free() else { continue }
            let logURL = FileManager.default.temporaryDirectory
                .appendingPathComponent("phoenix-git-daemon-\(UUID().uuidString).log")
            let child = try BackgroundProcess(
                "git",
                [
                    "daemon", "--export-all", "--enable=receive-pack", "--informative-errors", "--reuseaddr",
                    "--base-path=\(basePath.path)", "--listen=127.0.0.1", "--port=\(candidate)",
                ],
                environment: GitCLI(in: basePath).environment, logURL: logURL)
            if child.wait(until: { LoopbackPort.accepts(candidate) }), child.isRunning {
                port = candidate
                process = child
                return
            }
            lastLog = child.log
            child.stop()
            try? FileManager.default.removeItem(at: logURL)
        }
        throw CommandError(argv: ["git", "daemon"], result: nil, reason: "did not start listening; log: \(lastLog)")
    }

    /// `git://127.0.0.1:<port>/<name>` for a repository folder `name` under ``basePath``.
    public func url(for name: String) -> String {
        "git://127.0.0.1:\(port)/\(name)"
    }

    /// What the daemon logged (stderr), for diagnostics.
    public var log: String { process.log }

    /// Stops the daemon (SIGTERM to its PID, then wait) and removes its log. Idempotent.
    public func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: process.logURL)
    }

    deinit {
        stop()
    }
}
