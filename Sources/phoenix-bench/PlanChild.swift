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

    /// The command planning the tip of `main` in `repository` from its first parent.
    func command(repository: URL, stateDirectory: URL) -> Subprocess {
        let arguments = isGitops
            ? ["plan", "--repo", repository.path, "--state-dir", stateDirectory.path]
            : ["plan-child", "--repo", repository.path]
        return Subprocess(argv: [executable] + arguments, environment: nil)
    }
}
