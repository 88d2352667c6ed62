import Foundation
import PhoenixDrivers
import PhoenixEngine
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting
import Testing

/// Issue #18 item 2 (ADR 0049): failures are typed. A transient one is retried with backoff and makes a
/// command exit 75 when it is the only kind; a permanent one (a render error) is not retried and waits
/// for a new commit; the ledger, the state and the metrics carry the kind.
@Suite struct FailureKindTests {
    @Test func errorsSayTheirKind() {
        #expect(FailureKind.of(DriverError.nodeUnreachable(node: "b", location: .lxc(1), reason: "down")) == .transient)
        #expect(FailureKind.of(DriverError.commandTimedOut(argv: ["x"], location: .host, seconds: 1)) == .transient)
        #expect(FailureKind.of(DriverError.guestUnavailable(location: .vm(1), state: .stopped)) == .transient)
        #expect(FailureKind.of(DriverError.commandFailed(argv: ["x"], location: .host, exitCode: 1, stderrTail: "")) == .stage)
        #expect(FailureKind.of(StageError.renderFailed("dns", [])) == .permanent)
        // The tool's refusal may depend on the target (a certificate not issued yet): retried, not permanent.
        #expect(FailureKind.of(StageError.validationFailed("dns", tool: "dnsmasq", output: "bad")) == .stage)
        #expect(FailureKind.of(StageError.failed("dns", "exit 1")) == .stage)
        #expect(FailureKind.of(CommandError.timedOut(argv: ["x"], seconds: 1)) == .transient)
        #expect(FailureKind.combined([.transient, .transient]) == .transient)
        #expect(FailureKind.combined([.transient, .stage]) == .stage)
        #expect(FailureKind.combined([.stage, .permanent, .transient]) == .permanent)
        #expect(FailureKind.combined([]) == nil)
    }

    @Test func aRenderErrorIsPermanentAndWaitsForANewCommit() async throws {
        let fixture = try EngineFixture()
        try fixture.push(TestConfig.files(domain: "broken.test"), message: "a domain the stage refuses")
        // A stage that depends on the broken one: skipped, and waiting for the new commit with it.
        let dependent = ApplyingTestStage(
            id: "after-domain", dependencies: ["domain"], inputs: [.json(.hypervisor, "/domain_name", "the domain")],
            faults: fixture.faults, gate: nil,
            renderFiles: { ["/etc/phoenix-test/after-domain.conf": ($0.hypervisor.domainName ?? "") + "\n"] })
        let catalogue = StageCatalogue(TestCatalogue.make(faults: fixture.faults).stages + [RenderCheckTestStage(), dependent])
        let metrics = RecordingMetricsFactory()
        var configuration = fixture.configuration(catalogue: catalogue)
        configuration.metrics = PhoenixMetrics(factory: metrics)
        let reconciler = Reconciler(configuration)

        let failed = await reconciler.reconcile()
        #expect(failed.outcome == .finished(.failed))
        #expect(failed.exitCode == 1, "a permanent failure is not temporary")
        let stage = try #require(failed.report?.stages.first { $0.stage == "domain" })
        #expect(stage.failureKind == .permanent)
        let saved = try #require(try fixture.state()?.stage("domain"))
        #expect(saved.waitsForNewCommit && saved.retryAfter == nil && saved.lastResult?.failureKind == .permanent)
        let skipped = try #require(try fixture.state()?.stage("after-domain"))
        #expect(skipped.lastResult?.result == .skipped && skipped.waitsForNewCommit && skipped.retryAfter == nil)
        #expect(metrics.counter("phoenix_stage_failures_total", [("stage", "domain"), ("kind", "permanent")]) == 1)

        // Long after any backoff, the same commit is not tried again: it says it waits for a fix.
        fixture.clock.advance(seconds: 86_400)
        let later = await reconciler.reconcile()
        guard case .waiting(_, let message) = later.outcome else {
            Issue.record("a permanent failure was retried: \(later.outcome)")
            return
        }
        #expect(message.contains("domain failed, after-domain skipped") && message.contains("they wait for a new commit; push a fix"), "\(message)")
        #expect(later.exitCode == 1)

        // The fix applies.
        try fixture.push(TestConfig.files(domain: "fixed.test"), message: "fix the domain")
        #expect(await reconciler.reconcile().outcome == .finished(.succeeded))
        #expect(try fixture.state()?.stage("domain").waitsForNewCommit == false)
        #expect(try fixture.state()?.stage("after-domain").lastResult?.result == .succeeded)
    }

    @Test func aRunWhoseFailuresAreAllTransientExitsTemporary() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        var configuration = fixture.configuration()
        configuration.driver = UnreachableGuestsDriver(base: configuration.driver)
        let result = await Reconciler(configuration).reconcile()
        #expect(result.outcome == .finished(.failed))
        let failed = result.report?.stages.filter { $0.result == .failed } ?? []
        #expect(!failed.isEmpty && failed.allSatisfy { $0.failureKind == .transient }, "\(failed.map(\.failureKind))")
        #expect(result.exitCode == ExitStatus.temporary)
        // It is retried with backoff, like any stage failure.
        #expect(try fixture.state()?.stages.filter { $0.lastResult?.result == .failed }.allSatisfy { $0.retryAfter != nil } == true)
    }
}

/// A driver whose host commands fail as if the node were down (transient).
private struct UnreachableGuestsDriver: HostDriver {
    let base: any HostDriver
    func readFile(_ path: String, at location: Location) async throws -> Data? { try await base.readFile(path, at: location) }
    func writeFile(_ path: String, contents: Data, mode: Int, owner: String?, at location: Location) async throws {
        try await base.writeFile(path, contents: contents, mode: mode, owner: owner, at: location)
    }
    func removeFile(_ path: String, at location: Location) async throws { try await base.removeFile(path, at: location) }
    func listFiles(in directory: String, at location: Location) async throws -> [String] {
        try await base.listFiles(in: directory, at: location)
    }
    func run(_ argv: [String], at location: Location, stdin: Data?) async throws -> PhoenixDrivers.CommandResult {
        throw DriverError.nodeUnreachable(node: "b", location: location, reason: "ssh: connect to host b port 22: Connection refused")
    }
    func guestState(_ location: Location) async throws -> GuestState { .running }
    func confined(to roots: PathRoots) -> any HostDriver { UnreachableGuestsDriver(base: base.confined(to: roots)) }
}
