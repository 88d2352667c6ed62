import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages
import PhoenixTesting
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Issue 14 item 3: `plan --format markdown` for pull-request comments. Every plan of the example's
/// scripted history (each commit against its parent, and each commit against the empty tree) stays
/// within GitHub's 65,536-character limit, carries the truncation note whenever something was left out,
/// and parses with a real CommonMark implementation (`cmark`, Debian's package) into the structure it
/// means: the summary heading first, balanced `<details>` blocks, every diff a closed code block.
@Suite struct PlanMarkdownTests {
    static let githubLimit = 65_536

    /// `cmark --to xml` of `markdown`, or nil when cmark is not installed.
    static func commonMarkXML(_ markdown: String) throws -> String {
        let result = try TestProcess.run("cmark", ["--to", "xml"], input: Data(markdown.utf8), timeout: 30)
        #expect(result.succeeded, "\(result.stderr)")
        return result.stdout
    }

    /// Checks the structure cmark found in `markdown`; returns a description of the first problem.
    static func structureProblem(_ markdown: String) throws -> String? {
        let xml = try commonMarkXML(markdown)
        // The DOCTYPE names a DTD file that is not there; the structure is all that is checked.
        let body = xml.split(separator: "\n").filter { !$0.hasPrefix("<!DOCTYPE") }.joined(separator: "\n")
        let document = try XMLDocument(xmlString: body)
        guard let root = document.rootElement() else { return "no document" }
        let blocks = root.children ?? []
        guard let first = blocks.first as? XMLElement, first.name == "heading",
            first.stringValue?.hasPrefix("phoenix-gitops plan: ") == true
        else { return "the summary heading is not first: \(blocks.first?.xmlString ?? "-")" }
        // Every <details> opened in an HTML block is closed in one; no fence swallowed a closing tag.
        let html = blocks.compactMap { $0 as? XMLElement }.filter { $0.name == "html_block" }.map { $0.stringValue ?? "" }
        let opened = html.filter { $0.hasPrefix("<details>") }.count
        let closed = html.filter { $0.hasPrefix("</details>") }.count
        if opened != closed { return "details opened \(opened), closed \(closed)" }
        let codeBlocks = blocks.compactMap { $0 as? XMLElement }.filter { $0.name == "code_block" }
        for block in codeBlocks where block.stringValue?.contains("</details>") == true {
            return "a code block ran over a </details>: \(block.stringValue?.prefix(200) ?? "")"
        }
        let fences = xml.components(separatedBy: "<code_block").count - 1
        let diffFences = xml.components(separatedBy: "<code_block info=\"diff\"").count - 1
        if fences != diffFences || fences != codeBlocks.count { return "\(fences - diffFences) code block(s) without info diff" }
        // Text from the configuration never turned into raw HTML, links or images.
        let all = try root.nodes(forXPath: "//*[local-name()='html_inline' or local-name()='link' or local-name()='image']")
        if let stray = all.first { return "unexpected inline markup: \(stray.xmlString)" }
        return nil
    }

    @Test func everyPlanOfTheScriptedHistoryFitsTheLimitAndIsValidCommonMark() throws {
        let repo = try ExampleRepository()
        let history = try ScriptedHistory.build(in: repo)
        #expect(history.entries.count >= 41)
        let repository = try repo.open()
        let planner = Planner(catalogue: .standard, settings: StageSettings())
        let renderer = PlanMarkdown()
        var largest = 0
        var truncated = 0
        var plans = 0
        let pairs = zip(history.entries, history.entries.dropFirst()).map { ($0.commit as ObjectID?, $1) }
            + history.entries.map { (nil as ObjectID?, $0) }
        for (base, entry) in pairs {
            let plan = try planner.plan(repository: repository, target: entry.commit, bases: PlanBases(fallback: base))
            let markdown = renderer.render(plan)
            plans += 1
            largest = max(largest, markdown.utf8.count)
            let noted = markdown.contains("**Truncated**")
            if noted { truncated += 1 }
            #expect(markdown.utf8.count <= Self.githubLimit, "\(entry.name): \(markdown.utf8.count) bytes")
            #expect(markdown.utf8.count <= renderer.limit || noted)
            // Not truncated means complete: every artifact diff of the plan is in the comment.
            let diffs = plan.stagesToRun.flatMap(\.artifacts).count
            if !noted {
                #expect(markdown.components(separatedBy: "<details><summary>").count - 1 == diffs + (plan.changes.files.isEmpty ? 0 : 1), "\(entry.name)")
            }
            if let problem = try Self.structureProblem(markdown) {
                Issue.record("\(entry.name) from \(base?.short ?? "empty tree"): \(problem)")
            }
        }
        print("plan-markdown: \(plans) plans, largest \(largest) bytes, \(truncated) truncated")
        #expect(plans >= 82)
    }

    @Test func aSmallLimitCutsDiffsAtALineKeepsTheStructureAndSaysWhereTheFullPlanIs() throws {
        let repo = try ExampleRepository()
        let repository = try repo.open()
        let planner = Planner(catalogue: .standard, settings: StageSettings())
        let plan = try planner.plan(repository: repository, target: try repository.resolve("HEAD"), bases: PlanBases(fallback: nil))
        // The checker itself catches a fence left open across a </details>.
        #expect(try Self.structureProblem("### phoenix-gitops plan: x\n\n<details><summary>a</summary>\n\n```diff\n+x\n\n</details>\n") != nil)
        var renderer = PlanMarkdown()
        let full = renderer.render(plan)
        #expect(!full.contains("**Truncated**") || full.utf8.count <= renderer.limit)
        for limit in [3_000, 6_000, 12_000, 20_000] {
            renderer.limit = limit
            let cut = renderer.render(plan)
            #expect(cut.utf8.count <= limit, "limit \(limit): \(cut.utf8.count)")
            #expect(cut.contains("**Truncated**") && cut.contains("see the full plan in the job log"), "limit \(limit)")
            #expect(cut.hasPrefix("### phoenix-gitops plan: "))
            if let problem = try Self.structureProblem(cut) { Issue.record("limit \(limit): \(problem)") }
        }
    }

    @Test func secretsAreRedactedAndConfigurationTextIsEscaped() throws {
        let repo = try ExampleRepository()
        let repository = try repo.open()
        let planner = Planner(catalogue: .standard, settings: StageSettings())
        let plan = try planner.plan(repository: repository, target: try repository.resolve("HEAD"), bases: PlanBases(fallback: nil))
        let markdown = PlanMarkdown().render(plan)
        #expect(!markdown.contains("-----BEGIN"), "PEM blocks are masked")
        #expect(!markdown.contains("SWMTKN-"), "swarm tokens are masked")
        #expect(try Self.structureProblem(markdown) == nil)
    }
}
