import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting
import Testing

/// Rollback as a forward commit made with libgit2 and pushed; the normal run applies it.
@Suite struct RollbackTests {
    @Test func revertIsPushedAndOnlyTheStagesItTouchesRun() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let bad = try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.99/24")], message: "bad VM address")
        try fixture.push(["README.md": "unrelated\n"], message: "later, unrelated")
        let configuration = fixture.configuration()
        let reconciler = Reconciler(configuration)
        _ = await reconciler.reconcile()
        fixture.faults.resetApplied()

        let rollback = try await Rollback.perform(.revert(bad), push: true, configuration: configuration, lockTimeout: .seconds(10))
        #expect(rollback.pushed)
        #expect(rollback.summary == "Revert \"bad VM address\"")
        #expect(rollback.changedPaths == ["config/phoenix_vm_configs.json"])
        #expect(try fixture.remoteGit.revParse("main") == rollback.commit.hex)
        #expect(try fixture.remoteGit.revParse("main^") == rollback.parent.hex)
        #expect(try fixture.remoteGit.run("show", "main:config/phoenix_vm_configs.json") == TestConfig.vms())

        let applied = await reconciler.reconcile(triggers: [RunTrigger(.rollback, detail: "revert of \(bad.prefix(7))")])
        #expect(applied.outcome == .finished(.succeeded))
        #expect(fixture.faults.appliedStages == ["vms"])
        #expect(fixture.targetFiles()["/etc/phoenix-test/vms.conf"] == "1001 10.0.0.6/24\n")
        _ = try fixture.remoteGit.run("fsck", "--strict")
    }

    @Test func conflictingRevertIsAnErrorAndNothingIsPushed() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let first = try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.10/24")], message: "first")
        try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.11/24")], message: "second, same line")
        let tip = try fixture.remoteGit.revParse("main")
        do {
            _ = try await Rollback.perform(.revert(first), push: true, configuration: fixture.configuration(), lockTimeout: nil)
            Issue.record("a conflicting revert must fail")
        } catch let error as EngineError {
            #expect(error.description.contains("conflicts"))
            #expect(error.description.contains("config/phoenix_vm_configs.json"))
            #expect(error.description.contains("nothing was pushed"))
        }
        #expect(try fixture.remoteGit.revParse("main") == tip)
    }

    @Test func restoreMakesACommitWithTheOldTreeAndNoPushKeepsItLocal() async throws {
        let fixture = try EngineFixture()
        let base = try fixture.pushBaseConfig()
        try fixture.push(["config/phoenix_vm_configs.json": TestConfig.vms(ip: "10.0.0.12/24")], message: "one")
        try fixture.push(["config/phoenix_hypervisor_config.json": TestConfig.hypervisor(domain: "two.test")], message: "two")
        let tip = try fixture.remoteGit.revParse("main")

        let local = try await Rollback.perform(.restore(base), push: false, configuration: fixture.configuration(), lockTimeout: nil)
        #expect(!local.pushed)
        #expect(try fixture.remoteGit.revParse("main") == tip)
        let mirror = try Repository.open(at: fixture.stateDirectory("state").appendingPathComponent("mirror.git"))
        #expect(try mirror.commit(local.commit).treeID == (try mirror.commit(try #require(ObjectID(hex: base)))).treeID)
        #expect(Set(local.changedPaths) == ["config/phoenix_hypervisor_config.json", "config/phoenix_vm_configs.json"])

        let pushed = try await Rollback.perform(.restore(base), push: true, configuration: fixture.configuration(), lockTimeout: nil)
        #expect(try fixture.remoteGit.revParse("main") == pushed.commit.hex)
        #expect(try fixture.remoteGit.run("log", "-1", "--format=%s", "main") == "Restore the configuration of \(base.prefix(7))\n")

        // Restoring the tree the branch already has is refused.
        await #expect(throws: EngineError.self) {
            _ = try await Rollback.perform(.restore(base), push: true, configuration: fixture.configuration(), lockTimeout: nil)
        }
    }

    @Test func rollbackIsRefusedUnderTheSignaturePolicy() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        var settings = fixture.settings()
        settings.verify = .head
        let configuration = fixture.configuration(settings: settings)
        await #expect(throws: EngineError.self) {
            _ = try await Rollback.perform(.revert("main"), push: true, configuration: configuration, lockTimeout: nil)
        }
    }
}
