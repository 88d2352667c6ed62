import Foundation
@testable import PhoenixGit
import Testing

/// The credential selection behind libgit2's callback, tested without a server (https:// and the
/// ssh-agent path cannot be exercised for real here: no TLS git server, and SSH_AUTH_SOCK is process-wide).
@Suite struct CredentialPlanTests {
    private func plan(
        _ credentials: Credentials, allowed: AllowedCredentialTypes, user: String? = nil, offered: Bool = false,
        env: [String: String] = [:], files: [String: String] = [:]
    ) -> CredentialPlan {
        CredentialPlan.make(
            for: credentials, allowed: allowed, usernameFromURL: user, url: "https://u:pw@git.example/r.git",
            alreadyOffered: offered, environment: env, readFile: { files[$0] }, fileExists: { files[$0] != nil })
    }

    private func failureCode(_ plan: CredentialPlan) -> GitError.Code? {
        if case .fail(let error) = plan { return error.code }
        return nil
    }

    private func failureText(_ plan: CredentialPlan) -> String {
        if case .fail(let error) = plan { return "\(error) \(error.message)" }
        return ""
    }

    @Test func httpsTokenFromEnvironmentOrFile() {
        let fromEnv = plan(
            .httpsToken(source: .environment("GIT_TOKEN"), username: "x-access-token"), allowed: [.userpassPlaintext],
            env: ["GIT_TOKEN": "ghp_secret"])
        #expect(fromEnv == .userPass(username: "x-access-token", password: Secret(value: "ghp_secret")))
        #expect(!"\(fromEnv)".contains("ghp_secret"))

        let fromFile = plan(
            .httpsToken(source: .file("/run/secrets/token"), username: "oauth2"), allowed: [.userpassPlaintext, .sshKey],
            files: ["/run/secrets/token": "  tok-from-file\n"])
        #expect(fromFile == .userPass(username: "oauth2", password: Secret(value: "tok-from-file")))
    }

    @Test func missingSecretsAndMismatchesFailWithoutLeaking() {
        let unset = plan(.httpsToken(source: .environment("GIT_TOKEN"), username: "u"), allowed: [.userpassPlaintext])
        #expect(failureCode(unset) == .auth)
        #expect(failureText(unset).contains("GIT_TOKEN"))
        let emptyFile = plan(
            .httpsToken(source: .file("/t"), username: "u"), allowed: [.userpassPlaintext], files: ["/t": "\n"])
        #expect(failureCode(emptyFile) == .auth)
        let wrongKind = plan(
            .httpsToken(source: .environment("T"), username: "u"), allowed: [.sshKey], env: ["T": "secret-value"])
        #expect(failureCode(wrongKind) == .auth)
        #expect(!failureText(wrongKind).contains("secret-value"))
        #expect(!failureText(wrongKind).contains("pw@"))
        #expect(failureCode(plan(.none, allowed: [.userpassPlaintext])) == .auth)
    }

    @Test func aSecondRequestMeansRejectedAndStopsTheLoop() {
        let again = plan(
            .httpsToken(source: .environment("T"), username: "u"), allowed: [.userpassPlaintext], offered: true,
            env: ["T": "v"])
        #expect(failureCode(again) == .auth)
        #expect(failureText(again).contains("rejected"))
    }

    @Test func sshKeyAnswersUsernameFirstThenTheKey() {
        let key = Credentials.sshKey(privateKeyPath: "/k/id", publicKeyPath: "/k/id.pub", passphraseEnv: "KEY_PASS")
        let files = ["/k/id": "", "/k/id.pub": ""]
        #expect(plan(key, allowed: [.username], files: files) == .username("git"))
        #expect(plan(key, allowed: [.username], user: "deploy", files: files) == .username("deploy"))
        #expect(
            plan(key, allowed: [.sshKey, .sshCustom], user: "deploy", env: ["KEY_PASS": "pp"], files: files)
                == .sshKey(username: "deploy", publicKeyPath: "/k/id.pub", privateKeyPath: "/k/id", passphrase: Secret(value: "pp")))
        #expect(failureCode(plan(key, allowed: [.sshKey], files: files)) == .auth)  // passphrase env unset
        #expect(failureCode(plan(key, allowed: [.sshKey], env: ["KEY_PASS": "pp"])) == .auth)  // key files missing
        #expect(failureCode(plan(key, allowed: [.userpassPlaintext], files: files)) == .auth)
    }

    @Test func sshAgentNeedsTheAgentSocket() {
        #expect(plan(.sshAgent, allowed: [.sshKey], user: "git", env: ["SSH_AUTH_SOCK": "/tmp/agent"]) == .sshAgent(username: "git"))
        #expect(plan(.sshAgent, allowed: [.username], env: ["SSH_AUTH_SOCK": "/tmp/agent"]) == .username("git"))
        #expect(failureCode(plan(.sshAgent, allowed: [.sshKey])) == .auth)
    }

    @Test func descriptionsNameWhereSecretsLiveNotTheSecrets() {
        let token = Credentials.httpsToken(source: .environment("GIT_TOKEN"), username: "bot")
        #expect(token.description == "https-token(bot, env GIT_TOKEN)")
        #expect("\(Secret(value: "abc"))" == "***")
        var dumped = ""
        dump(Secret(value: "abc"), to: &dumped)
        #expect(!dumped.contains("abc"))
    }
}
