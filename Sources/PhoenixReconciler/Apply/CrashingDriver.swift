import Foundation
import PhoenixDrivers
import PhoenixEngine
import Synchronization

/// Wraps a driver for the `after-write:<n>` crash point: after the n-th successful file write of the
/// process, the process is killed — a crash in the middle of a stage's apply.
final class CrashingDriver: HostDriver {
    let base: any HostDriver
    let limit: Int
    let crash: CrashInjection
    private let writes: WriteCount

    /// Writes counted across every confined copy of one driver.
    final class WriteCount: Sendable {
        let value = Mutex(0)
    }

    init(base: any HostDriver, limit: Int, crash: CrashInjection, writes: WriteCount = WriteCount()) {
        self.base = base
        self.limit = limit
        self.crash = crash
        self.writes = writes
    }

    /// The confined base, counting writes together with this driver.
    func confined(to roots: PathRoots) -> any HostDriver {
        CrashingDriver(base: base.confined(to: roots), limit: limit, crash: crash, writes: writes)
    }

    /// The base's targets, each counting writes together with this driver.
    func hostTargets(_ selection: HostSelection) async throws -> [HostTarget] {
        try await base.hostTargets(selection).map {
            HostTarget(node: $0.node, driver: CrashingDriver(base: $0.driver, limit: limit, crash: crash, writes: writes))
        }
    }

    var redactor: Redactor { base.redactor }

    func readFile(_ path: String, at location: Location) async throws -> Data? {
        try await base.readFile(path, at: location)
    }

    func writeFile(_ path: String, contents: Data, mode: Int, owner: String?, at location: Location) async throws {
        try await base.writeFile(path, contents: contents, mode: mode, owner: owner, at: location)
        let count = writes.value.withLock { value -> Int in
            value += 1
            return value
        }
        if count >= limit { crash.hit("after-write:\(limit)") }
    }

    func removeFile(_ path: String, at location: Location) async throws {
        try await base.removeFile(path, at: location)
    }

    func listFiles(in directory: String, at location: Location) async throws -> [String] {
        try await base.listFiles(in: directory, at: location)
    }

    func run(_ argv: [String], at location: Location, stdin: Data?) async throws -> CommandResult {
        try await base.run(argv, at: location, stdin: stdin)
    }

    func guestState(_ location: Location) async throws -> GuestState {
        try await base.guestState(location)
    }
}
