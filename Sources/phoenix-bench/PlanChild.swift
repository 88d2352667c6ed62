import Foundation

/// The program benchmark 3 runs as a child: the real `phoenix-gitops` when it was built next to
/// phoenix-bench (`swift build` builds both), otherwise phoenix-bench's own hidden `plan-child`
/// subcommand, which plans the same way in process (so `swift run phoenix-bench` alone still works).
struct PlanChild {
    /// The executable.
    var executable: String
    /// Whether it is phoenix-gitops (else phoenix-bench plan-child).
    var isGitops: Bool

    /// `phoenix-gitops plan` or `phoenix-bench plan-child`.
    var name: String { isGitops ? "phoenix-gitops plan" : "phoenix-bench plan-child" }

    /// Where it is.
    var description: String { isGitops ? "\(executable) plan" : "\(executable) plan-child (phoenix-gitops was not built next to it)" }

    /// Finds phoenix-gitops in the folder of this executable.
    static func locate() -> PlanChild {
        let this = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let sibling = URL(fileURLWithPath: this).deletingLastPathComponent().appendingPathComponent("phoenix-gitops").path
        if FileManager.default.isExecutableFile(atPath: sibling) { return PlanChild(executable: sibling, isGitops: true) }
        return PlanChild(executable: this, isGitops: false)
    }

    /// GNU time, which reports its child's own peak memory (see ``command(repository:stateDirectory:)``).
    static let gnuTime = "/usr/bin/time"

    /// Whether GNU time is installed (Debian package `time`).
    static var hasGNUTime: Bool { FileManager.default.isExecutableFile(atPath: gnuTime) }

    /// The command planning the tip of `main` in `repository` from its first parent, under
    /// `/usr/bin/time -v` when it is installed.
    ///
    /// Why not `wait4`'s `ru_maxrss` alone: Linux carries a process's peak RSS across `exec`, and a
    /// child started with posix_spawn (vfork) starts from this process's memory, so the child's
    /// `ru_maxrss` is at least phoenix-bench's own peak (hundreds of MB after the 6,000-guest DNS
    /// benchmark). GNU time forks the child from its own 1 MB, so its figure is the plan's.
    func command(repository: URL, stateDirectory: URL) -> Subprocess {
        let arguments = isGitops
            ? ["plan", "--repo", repository.path, "--state-dir", stateDirectory.path]
            : ["plan-child", "--repo", repository.path]
        let timed = Self.hasGNUTime ? [Self.gnuTime, "-v"] : []
        return Subprocess(argv: timed + [executable] + arguments, environment: nil)
    }

    /// The child's peak resident memory in bytes: GNU time's "Maximum resident set size" when it ran
    /// under it, else the `wait4` figure (an upper bound, see above).
    static func peakResident(of result: Subprocess.Result) -> (bytes: Int, exact: Bool) {
        let marker = "Maximum resident set size (kbytes):"
        if let line = result.stderr.split(separator: "\n").last(where: { $0.contains(marker) }),
            let kilobytes = Int(line.replacingOccurrences(of: marker, with: "").trimmingCharacters(in: .whitespaces))
        {
            return (kilobytes * 1024, true)
        }
        return (result.peakResident, false)
    }
}
