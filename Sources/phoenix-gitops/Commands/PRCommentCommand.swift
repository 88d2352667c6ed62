import ArgumentParser
import Foundation
import PhoenixEngine
import PhoenixNotify

/// `phoenix-gitops pr-comment --pr N [--body-file FILE]`: posts (or updates) the one plan comment of a
/// pull request on GitHub, Gitea or GitLab (docs/operations.md, docs/ci/).
struct PRCommentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pr-comment",
        abstract: "Post or update the plan comment of a pull request (GitHub, Gitea) or merge request (GitLab).",
        discussion: """
            Reads the comment (usually `plan --format markdown`) from --body-file or stdin and finds the \
            comment that carries the hidden marker <!-- phoenix-gitops:plan:NAME -->: it is updated in \
            place, or a new comment is added, so a pull request keeps one plan comment however often it is \
            pushed. The forge comes from the settings' `forge` object or from --provider, --api-url and \
            --repository; the token only from forge.token_file, --token-file, or an environment variable \
            (--token-env, default PHOENIX_FORGE_TOKEN), never from the command line. Answers 408, 429 and \
            5xx are retried (honouring Retry-After); exit 1 when the comment could not be posted.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("pr"), help: "The pull request number (GitLab: the merge request IID).")
    var pullRequest: Int

    @Option(name: .customLong("body-file"), help: "File holding the comment, `-` for stdin (default).")
    var bodyFile = "-"

    @Option(help: "The comment's name in its hidden marker (default: forge.watcher, else `plan`).")
    var name: String?

    @Option(help: "github, gitea or gitlab (overrides forge.provider).")
    var provider: ForgeProvider?

    @Option(name: .customLong("api-url"), help: "API base, e.g. https://gitea.example/api/v1 (overrides forge.api_url).")
    var apiURL: String?

    @Option(help: "owner/name, or GitLab's project path or id (overrides forge.repository).")
    var repository: String?

    @Option(name: .customLong("token-env"), help: "Environment variable holding the token (default PHOENIX_FORGE_TOKEN).")
    var tokenEnv: String?

    @Option(name: .customLong("token-file"), help: "File holding the token.")
    var tokenFile: String?

    func run() async throws {
        let settings = try global.resolved()
        var forge = settings.forge
        if let provider {
            forge = forge ?? ForgeSettings(provider: provider, repository: repository ?? "")
            forge?.provider = provider
        }
        guard var forge else {
            throw ValidationErrorText("no forge: set `forge` in the settings file, or --provider and --repository")
        }
        if let apiURL { forge.apiURL = apiURL }
        if let repository { forge.repository = repository }
        if let tokenEnv { forge.tokenEnv = tokenEnv }
        if let tokenFile { forge.tokenFile = tokenFile }
        guard !forge.repository.isEmpty else { throw ValidationErrorText("--repository is required") }
        guard let base = forge.resolvedAPIURL else { throw ValidationErrorText("--api-url is required for gitea") }

        let body: String
        if bodyFile == "-" {
            body = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: bodyFile) else {
                throw ValidationErrorText("--body-file \(bodyFile): cannot be read")
            }
            body = String(decoding: data, as: UTF8.self)
        }
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationErrorText("the comment is empty (did `plan` fail before printing?)")
        }
        let token = try forge.token()
        let logger = EngineSetup.logger()
        let api = ForgeAPI(provider: forge.provider, baseURL: base, repository: forge.repository, token: token)
        let transport = AsyncHTTPTransport(timeout: .seconds(Int64(settings.notifications.timeoutSeconds)))
        let commenter = PullRequestCommenter(
            api: api, transport: transport, timing: RetryTiming(baseSeconds: settings.notifications.retryBaseSeconds),
            logger: logger)
        let outcome: PullRequestCommenter.Outcome
        do {
            outcome = try await commenter.post(body, pullRequest: pullRequest, name: name ?? forge.watcher ?? "plan")
        } catch {
            await transport.shutdown()
            FileHandle.standardError.write(Data("phoenix-gitops pr-comment: \(error)\n".utf8))
            throw ExitCode(1)
        }
        await transport.shutdown()
        switch outcome {
        case .created(let id): print("created comment \(id) on #\(pullRequest)")
        case .updated(let id): print("updated comment \(id) on #\(pullRequest)")
        }
    }
}

extension ForgeProvider: ExpressibleByArgument {}
