import ArgumentParser
import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler

/// `phoenix-gitops init DIR`: a new config repository from the bundled example.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new config repository (bare, with the validation hooks) from the bundled example.",
        discussion: """
            DIR becomes a bare repository, like the one a Git server holds: clone it, edit, push; point \
            `phoenix-gitops watch --repo DIR` (or a git:// / ssh:// URL serving it) at it.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder to create (must not exist or be empty).")
    var directory: String

    func run() throws {
        let settings = try global.resolved()
        let url = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        let author = Signature(name: settings.commitAuthorName, email: settings.commitAuthorEmail)
        let commit = try ConfigRepositoryBootstrap.create(
            at: url, from: EngineSetup.example, layout: settings.layout, branch: settings.branch, author: author,
            hookSettings: EngineSetup.hookSettings(settings))
        print("""
            created \(url.path) (bare) with the example configuration at \(commit.short) on \(settings.branch)
            next:
              git clone \(url.path) phoenix-config     # edit, commit, push
              phoenix-gitops watch --repo \(url.path)
            """)
    }
}
