import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages
import PhoenixTesting
import Testing

/// The planner's decisions with small test stages on a minimal configuration in a real git repository.
@Suite struct PlannerTests {
    let scratch: ScratchDirectory
    let git: GitCLI
    let planner = Planner(catalogue: TestStage.catalogue, settings: StageSettings())

    init() throws {
        GitTestEnvironment.prepare()
        scratch = try ScratchDirectory(prefix: "phoenix-planner-unit")
        git = try GitCLI.initRepository(at: scratch.path("repo"))
    }

    func commit(_ files: [String: String?], _ message: String = "change") throws -> ObjectID {
        try #require(ObjectID(hex: try git.commit(files, message: message)))
    }

    func decisions(_ plan: Plan) -> [StageID: StageDecision] {
        Dictionary(uniqueKeysWithValues: plan.stages.map { ($0.id, $0.decision) })
    }

    @Test func aRenameRunsTheStageReadingNamesWithTheCausalTrace() throws {
        let base = try commit(MiniConfig.files())
        let target = try commit(MiniConfig.files(names: [101: "gw", 102: "www"]))
        let plan = try planner.plan(repository: try Repository.open(at: git.directory), target: target, bases: PlanBases(fallback: base))
        #expect(decisions(plan) == ["names": .run, "domain": .skipUnaffected, "coarse": .skipIdenticalOutput, "stackfiles": .skipUnaffected])
        let names = try #require(plan.stage("names"))
        #expect(names.reasons.count == 1)
        let reason = try #require(names.reasons.first)
        #expect(reason.path == "config/phoenix_lxc_configs.json")
        #expect(reason.pointer?.description == "/lxc_configs/102/name")
        #expect(reason.change == "changed")
        #expect(reason.rule == "phoenix_lxc_configs.json#/lxc_configs/*/name")
        #expect(reason.why == "names are listed")
        #expect(names.comparison == .baseRender)
        let artifact = try #require(names.artifacts.first)
        #expect(artifact.change == .modified && artifact.key.path == "/etc/names")
        #expect(String(decoding: try #require(artifact.oldContents), as: UTF8.self) == "gw\nweb")
        #expect(String(decoding: try #require(artifact.newContents), as: UTF8.self) == "gw\nwww")
        #expect(plan.willRun && !plan.hasErrors)
        // Topological order: names before domain (which depends on it), whatever the catalogue's listing order.
        #expect(plan.stages.map(\.id).firstIndex(of: "names")! < plan.stages.map(\.id).firstIndex(of: "domain")!)
    }

    @Test func aRunningStageDoesNotForceItsDependents() throws {
        let base = try commit(MiniConfig.files())
        let target = try commit(MiniConfig.files(names: [101: "gateway", 102: "web"]))
        let plan = try planner.plan(repository: try Repository.open(at: git.directory), target: target, bases: PlanBases(fallback: base))
        #expect(plan.stage("names")?.decision == .run)
        #expect(plan.stage("domain")?.decision == .skipUnaffected)
        #expect(plan.stage("domain")?.render == nil, "an unaffected stage is not rendered")
    }

    @Test func perStageBasesReplanAFailedStageOnly() throws {
        let first = try commit(MiniConfig.files())
        // Both names and domain change; say domain applied this commit, names failed and stayed at `first`.
        let second = try commit(MiniConfig.files(names: [101: "gw", 102: "www"], domain: "lab2.test"))
        let third = try commit(MiniConfig.files(names: [101: "gw", 102: "www"], domain: "lab2.test", cores: 2))
        let repository = try Repository.open(at: git.directory)
        let bases = PlanBases(fallback: second, perStage: ["names": first])
        let plan = try planner.plan(repository: repository, target: third, bases: bases)
        #expect(plan.stage("names")?.decision == .run, "the failed stage is selected again from its own base")
        #expect(plan.stage("names")?.base == first)
        #expect(plan.stage("names")?.reasons.map(\.pointer?.description) == ["/lxc_configs/102/name"])
        #expect(plan.stage("domain")?.decision == .skipUnaffected, "the applied stage is not re-run")
        #expect(plan.from == second)
        #expect(plan.changes.files.map(\.path) == ["config/phoenix_lxc_configs.json"])
        #expect(plan.stage("coarse")?.decision == .skipIdenticalOutput, "reads every LXC key, renders only the count")
    }

    @Test func keysNoStageReadsBecomeNotices() throws {
        let narrow = Planner(catalogue: StageCatalogue([TestStage.names, TestStage.domain]), settings: StageSettings())
        let base = try commit(MiniConfig.files())
        var files = MiniConfig.files(names: [101: "gw", 102: "web", 103: "db"], cores: 2)
        files["config/notes.txt"] = "why\n"
        let target = try commit(files)
        let plan = try narrow.plan(repository: try Repository.open(at: git.directory), target: target, bases: PlanBases(fallback: base))
        #expect(plan.stage("names")?.decision == .run)
        let messages = plan.notices.map(\.message)
        #expect(plan.notices.map(\.kind) == [.notRead, .guestAdded, .needsConverge, .needsConverge], "\(messages)")
        #expect(plan.notices.map(\.guest) == [nil, 103, 101, 102])
        #expect(messages.contains("guest 101 needs converge: cores changed; not applied by sync"))
        #expect(messages.contains("config/notes.txt changed; no stage reads it"))
    }

    @Test func appliedDigestsDecideWhenKnown() throws {
        let base = try commit(MiniConfig.files())
        let target = try commit(MiniConfig.files(names: [101: "gw", 102: "www"]))
        let repository = try Repository.open(at: git.directory)
        let current = try #require(
            try planner.plan(repository: repository, target: target, bases: PlanBases(fallback: base)).stage("names")?.render)
        // What was applied is already the new render (e.g. applied from a sibling branch): nothing to do.
        let same = try planner.plan(
            repository: repository, target: target, bases: PlanBases(fallback: base), applied: ["names": current.applied])
        #expect(same.stage("names")?.decision == .skipIdenticalOutput)
        #expect(same.stage("names")?.comparison == .applied)
        // Something else was applied: run, and the diff has no old bytes (the base rendered other ones).
        let other = [AppliedArtifact(key: ArtifactKey(location: .host, path: "/etc/names"), digest: String(repeating: "0", count: 64))]
        let differs = try planner.plan(repository: repository, target: target, bases: PlanBases(fallback: base), applied: ["names": other])
        let artifact = try #require(differs.stage("names")?.artifacts.first)
        #expect(differs.stage("names")?.decision == .run)
        #expect(artifact.change == .modified && artifact.oldContents == nil)
        #expect(ArtifactDiff.text(artifact) == nil)
        // A removed artifact: applied had one more file.
        let extra = current.applied + [AppliedArtifact(key: ArtifactKey(location: .host, path: "/etc/old"), digest: "ab")]
        let removal = try planner.plan(repository: repository, target: target, bases: PlanBases(fallback: base), applied: ["names": extra])
        #expect(removal.stage("names")?.artifacts.map(\.change) == [.removed])
    }

    @Test func aMissingBaseIsPlannedFromTheEmptyTreeWithANotice() throws {
        let target = try commit(MiniConfig.files())
        let ghost = try #require(ObjectID(hex: String(repeating: "1", count: 40)))
        let plan = try planner.plan(
            repository: try Repository.open(at: git.directory), target: target, bases: PlanBases(fallback: target, perStage: ["names": ghost]))
        #expect(plan.stage("names")?.decision == .run)
        #expect(plan.stage("names")?.artifacts.map(\.change) == [.added])
        #expect(plan.notices.map(\.kind) == [.unknownBase])
        #expect(plan.stage("coarse")?.decision == .skipUnaffected)
    }

    @Test func aRootCommitRunsEveryStageWithInputs() throws {
        let target = try commit(MiniConfig.files())
        let plan = try planner.plan(
            repository: try Repository.open(at: git.directory), target: target,
            bases: try PlanBases.firstParent(of: target, in: Repository.open(at: git.directory)))
        #expect(plan.from == nil)
        #expect(plan.stagesToRun.map(\.id) == ["names", "domain", "coarse", "stackfiles"])
        #expect(plan.notices.isEmpty, "a first plan adds whole files; no per-key notices")
    }

    @Test func formattingAndFilesOutsideTheConfigPlanNothing() throws {
        let base = try commit(MiniConfig.files())
        var files = MiniConfig.files()
        files["config/phoenix_hypervisor_config.json"] = "{\"domain_name\":\"lab.test\"}"
        files["README.md"] = "docs\n"
        let target = try commit(files)
        let plan = try planner.plan(repository: try Repository.open(at: git.directory), target: target, bases: PlanBases(fallback: base))
        #expect(plan.changes.files.map(\.path) == ["config/phoenix_hypervisor_config.json"])
        #expect(plan.changes.files.first?.isFormattingOnly == true)
        #expect(plan.stages.allSatisfy { $0.decision == .skipUnaffected })
        #expect(!plan.willRun && plan.notices.isEmpty)
    }

    @Test func invalidConfigurationIsAnErrorListingEveryFinding() throws {
        _ = try commit(MiniConfig.files())
        var files = MiniConfig.files()
        files["config/phoenix_lxc_configs.json"] = "{\"lxc_configs\": {\"101\": {\"name\": \"gw\",}}"
        // The hypervisor file is the one required file (issue #19: an absent VM file means no VMs).
        files.updateValue(nil, forKey: "config/phoenix_hypervisor_config.json")
        let target = try commit(files)
        let repository = try Repository.open(at: git.directory)
        let bases = try PlanBases.firstParent(of: target, in: repository)
        do {
            _ = try planner.plan(repository: repository, target: target, bases: bases)
            Issue.record("an invalid configuration was planned")
        } catch .invalidConfiguration(let commit, let diagnostics) {
            #expect(commit == target)
            let errors = diagnostics.filter { $0.severity == .error }
            #expect(errors.count >= 2, "the parse error and the missing file: \(errors.map(\.formatted))")
            #expect(errors.contains { $0.file == "config/phoenix_hypervisor_config.json" })
            #expect(errors.contains { $0.file == "config/phoenix_lxc_configs.json" && $0.line != nil })
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func onlyRestrictsTheStagesAndRejectsUnknownIDs() throws {
        let base = try commit(MiniConfig.files())
        let target = try commit(MiniConfig.files(names: [101: "gw", 102: "www"]))
        let repository = try Repository.open(at: git.directory)
        let plan = try planner.plan(repository: repository, target: target, bases: PlanBases(fallback: base), only: ["domain"])
        #expect(plan.stages.map(\.id) == ["domain"])
        #expect(!plan.willRun)
        #expect(throws: PlanError.self) {
            try planner.plan(repository: repository, target: target, bases: PlanBases(fallback: base), only: ["nope"])
        }
    }

    @Test func stackFilesArePlannedPerStackWithRenames() throws {
        let base = try commit(MiniConfig.files())
        try FileManager.default.createDirectory(at: git.directory.appendingPathComponent("stacks/web"), withIntermediateDirectories: true)
        try git.run("mv", "stacks/app/docker-compose.yml", "stacks/web/docker-compose.yml")
        try git.run("commit", "-q", "-m", "rename stack")
        let target = try #require(ObjectID(hex: try git.revParse("HEAD")))
        let plan = try planner.plan(repository: try Repository.open(at: git.directory), target: target, bases: PlanBases(fallback: base))
        let file = try #require(plan.changes.files.first)
        #expect(file.status == .renamed && file.oldPath == "stacks/app/docker-compose.yml" && file.stack == "web")
        #expect(plan.changes.changedStacks == ["app", "web"])
        let stage = try #require(plan.stage("stackfiles"))
        #expect(stage.decision == .run)
        #expect(Set(stage.reasons.map(\.change)) == ["deleted", "added"])
        #expect(Set(stage.artifacts.map(\.change)) == [.added, .removed])
    }
}
