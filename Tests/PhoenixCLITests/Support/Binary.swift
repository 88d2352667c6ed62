import Foundation
import PhoenixTesting

/// The built `phoenix-gitops` executable, run as a child process the way an operator (or systemd)
/// runs it: its own working directory, argv, environment; killed with real signals.
enum Binary {
    /// `phoenix-gitops` next to the test bundle (`swift build --build-tests` builds both into the
    /// same folder), else `<package>/.build/debug/phoenix-gitops`.
    static let path: String = {
        let fileManager = FileManager.default
        if let me = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var folder = URL(fileURLWithPath: me).deletingLastPathComponent()
            // The xctest runner may be inside a bundle folder on some platforms.
            for _ in 0..<4 {
                let candidate = folder.appendingPathComponent("phoenix-gitops").path
                if fileManager.isExecutableFile(atPath: candidate) { return candidate }
                folder = folder.deletingLastPathComponent()
            }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/phoenix-gitops").path
    }()

    /// The environment children run with: no inherited crash hook, quiet git config, the given extras.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "PHOENIX_CRASH_AT")
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["PHOENIX_LOG_LEVEL"] = "info"
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs `phoenix-gitops <arguments>` to completion.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL, environment extra: [String: String] = [:], timeout: TimeInterval = 120)
        throws -> CommandResult
    {
        try TestProcess.run(path, arguments, in: directory, environment: environment(extra), timeout: timeout)
    }
}
