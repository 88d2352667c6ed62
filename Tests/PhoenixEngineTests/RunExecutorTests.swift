import Foundation
import PhoenixDrivers
import PhoenixEngine
import PhoenixReconciler
import PhoenixTesting
import Synchronization
import Testing

/// Issue #18 item 3: a run's code (libgit2's blocking fetch and push, the stages' driver calls) runs on
/// threads of its own, not on Swift's cooperative pool, whichever entry point started it.
@Suite struct RunExecutorTests {
    @Test func aRunsDriverCallsRunOffTheCooperativePool() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        var configuration = fixture.configuration()
        let threads = ThreadNames()
        configuration.driver = ThreadRecordingDriver(base: configuration.driver, names: threads)
        let reconciler = Reconciler(configuration)
        #expect(await reconciler.reconcile().outcome == .finished(.succeeded))
        _ = await reconciler.checkDrift()
        _ = await reconciler.suspend(by: "ada", reason: "maintenance")
        let seen = threads.names
        #expect(!seen.isEmpty)
        #expect(seen.allSatisfy { $0 == "phoenix-run" }, "\(Set(seen))")
    }
}

/// The thread names the driver's calls ran on.
final class ThreadNames: Sendable {
    private let recorded = Mutex<[String]>([])
    func record() { recorded.withLock { $0.append(Thread.current.name ?? "") } }
    var names: [String] { recorded.withLock { $0 } }
}

/// Records the thread of every file operation, then does it.
private struct ThreadRecordingDriver: HostDriver {
    let base: any HostDriver
    let names: ThreadNames

    func readFile(_ path: String, at location: Location) async throws -> Data? {
        names.record()
        return try await base.readFile(path, at: location)
    }
    func writeFile(_ path: String, contents: Data, mode: Int, owner: String?, at location: Location) async throws {
        names.record()
        try await base.writeFile(path, contents: contents, mode: mode, owner: owner, at: location)
    }
    func removeFile(_ path: String, at location: Location) async throws { try await base.removeFile(path, at: location) }
    func listFiles(in directory: String, at location: Location) async throws -> [String] {
        try await base.listFiles(in: directory, at: location)
    }
    func run(_ argv: [String], at location: Location, stdin: Data?) async throws -> PhoenixDrivers.CommandResult {
        try await base.run(argv, at: location, stdin: stdin)
    }
    func guestState(_ location: Location) async throws -> GuestState { try await base.guestState(location) }
    var observesGuests: Bool { base.observesGuests }
    func confined(to roots: PathRoots) -> any HostDriver { ThreadRecordingDriver(base: base.confined(to: roots), names: names) }
}
