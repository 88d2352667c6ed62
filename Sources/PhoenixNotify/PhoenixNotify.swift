/// PhoenixNotify tells people where they already look: commit statuses on the forge (GitHub, Gitea, GitLab),
/// one plan comment per pull request, and notifications to generic JSON, Slack-compatible and Microsoft Teams
/// webhooks. The only module importing AsyncHTTPClient; the engine knows it only through `RunEventSink`.
public enum PhoenixNotify {}
