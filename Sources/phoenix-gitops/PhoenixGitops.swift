import ArgumentParser
import PhoenixCore
import PhoenixGit

/// The `phoenix-gitops` command: a Git-driven GitOps watcher for the Phoenix Hypervisor platform.
@main
struct PhoenixGitops: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phoenix-gitops",
        abstract: "Git-driven GitOps watcher for the Phoenix Hypervisor platform.",
        version: "phoenix-gitops \(PhoenixCoreInfo.version) (libgit2 \(Libgit2.version))",
        subcommands: [
            VersionCommand.self,
            ValidateCommand.self,
            PlanCommand.self,
            PRCommentCommand.self,
            RenderCommand.self,
            ApplyCommand.self,
            WatchCommand.self,
            StatusCommand.self,
            DriftCommand.self,
            HistoryCommand.self,
            RollbackCommand.self,
            SuspendCommand.self,
            ResumeCommand.self,
            InitCommand.self,
        ]
    )
}
