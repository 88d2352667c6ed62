import ArgumentParser
import PhoenixCore
import PhoenixGit

/// `phoenix-gitops version`: prints this tool's version and the linked libgit2's.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version of phoenix-gitops and of the linked libgit2."
    )

    func run() throws {
        print("phoenix-gitops \(PhoenixCoreInfo.version) (libgit2 \(Libgit2.version))")
    }
}
