import Foundation
import PhoenixTesting
import Testing

/// `phoenix-gitops plan --format markdown` piped into `phoenix-gitops pr-comment`, the built binary
/// against a GitLab stand-in: one note per merge request, updated in place; a refused token is exit 1
/// with the forge's answer and never the token.
@Suite struct PRCommentCommandTests {
    @Test func thePlanIsPostedOnceThenUpdatedAndARefusedTokenIsAClearFailure() throws {
        try withScratchDirectory(prefix: "phoenix-pr-comment") { scratch in
            let token = "glpat-" + UUID().uuidString
            let forge = try ForgeStandIn(provider: "gitlab", token: token, repository: "infra/phoenix", folder: scratch.appendingPathComponent("forge"))
            let repository = scratch.appendingPathComponent("config.git").path
            let made = try Binary.run(["init", repository], in: scratch)
            #expect(made.succeeded, "\(made.stderr)")

            let plan = try Binary.run(["plan", "--repo", repository, "--state-dir", scratch.appendingPathComponent("state").path, "--format", "markdown"], in: scratch)
            #expect(plan.status == 2, "stages would run from the empty tree: \(plan.stderr)")
            #expect(plan.stdout.hasPrefix("### phoenix-gitops plan: "))
            #expect(plan.stdout.utf8.count <= 64_000)
            let body = scratch.appendingPathComponent("plan.md")
            try Data(plan.stdout.utf8).write(to: body)

            let arguments = ["pr-comment", "--provider", "gitlab", "--api-url", forge.apiURL, "--repository", "infra/phoenix", "--pr", "9", "--body-file", body.path]
            let first = try Binary.run(arguments, in: scratch, environment: ["PHOENIX_FORGE_TOKEN": token])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.hasPrefix("created comment "), "\(first.stdout)")
            let second = try Binary.run(arguments, in: scratch, environment: ["PHOENIX_FORGE_TOKEN": token])
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout.hasPrefix("updated comment "), "\(second.stdout)")
            let writes = forge.requests().filter { $0.method != "GET" }.map { "\($0.method) \($0.path)" }
            #expect(writes.count == 2 && writes[0] == "POST /api/v4/projects/infra%2Fphoenix/merge_requests/9/notes" && writes[1].hasPrefix("PUT /api/v4/projects/infra%2Fphoenix/merge_requests/9/notes/"), "\(writes)")
            let note = forge.requests().last?.json?["body"] as? String ?? ""
            #expect(note == "<!-- phoenix-gitops:plan:plan -->\n" + plan.stdout)
            #expect(forge.requests().allSatisfy { $0.headers["private-token"] == token })

            let refused = try Binary.run(arguments, in: scratch, environment: ["PHOENIX_FORGE_TOKEN": "glpat-wrong-token-value"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("HTTP 401") && refused.stderr.contains("401 Unauthorized"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("glpat-wrong-token-value") && !refused.stdout.contains("glpat-wrong-token-value"))

            let noToken = try Binary.run(arguments, in: scratch, environment: [:])
            #expect(noToken.status != 0 && noToken.stderr.contains("PHOENIX_FORGE_TOKEN"), "\(noToken.stderr)")
        }
    }
}
