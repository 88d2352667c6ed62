@testable import PhoenixGit
import Testing

@Suite struct GitErrorTests {
    @Test func redactsUserinfoInURLs() {
        let text = "failed to fetch https://bot:s3cr3t@git.example/x.git and ssh://deploy@host:22/r, then file:///a@b"
        let redacted = Redaction.redactingURLUserinfo(text)
        #expect(!redacted.contains("s3cr3t"))
        #expect(!redacted.contains("bot:"))
        #expect(redacted.contains("https://***@git.example/x.git"))
        #expect(redacted.contains("ssh://***@host:22/r"))
        // An '@' in the path (after the authority) is not userinfo.
        #expect(redacted.contains("file:///a@b"))
    }

    @Test func errorsRedactTheirMessages() {
        let error = GitError(.network, "cannot reach https://x:token123@h/r", function: "git_remote_connect")
        #expect(!error.message.contains("token123"))
        #expect(!error.description.contains("token123"))
        #expect(error.description.contains("git_remote_connect"))
    }

    @Test func classifiesReturnCodes() {
        #expect(GitError.classify(-3, errorClass: 0) == .notFound)
        #expect(GitError.classify(-11, errorClass: 0) == .nonFastForward)
        #expect(GitError.classify(-15, errorClass: 4) == .tipMoved)
        #expect(GitError.classify(-16, errorClass: 0) == .auth)
        #expect(GitError.classify(-1, errorClass: 12) == .network)
        #expect(GitError.classify(-1, errorClass: 23) == .network)
        #expect(GitError.classify(-1, errorClass: 4) == .other(-1))
    }
}
