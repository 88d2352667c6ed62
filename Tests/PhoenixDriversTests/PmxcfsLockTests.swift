import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// The cfs_lock protocol's file-system side, on a plain folder standing for /etc/pve: the expiry itself is
/// pmxcfs's (memdb.c) and is not emulated here.
@Suite struct PmxcfsLockTests {
    @Test func oneHolderAtATimeAndTheLoserSendsAnUnlockRequest() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.url.path + "/etc/pve/priv", withIntermediateDirectories: true)
        let first = PmxcfsLock(hostRoot: scratch.url.path)
        let second = PmxcfsLock(hostRoot: scratch.url.path + "/")
        #expect(try first.tryAcquire())
        try first.refresh()
        #expect(try modified(first.path) > 0)
        #expect(try !second.tryAcquire())
        #expect(try modified(first.path) == 0)  // utime(0, 0): pmxcfs's unlock request
        try first.release()
        #expect(try second.tryAcquire())
        try second.release()
        try second.release()  // idempotent
    }

    @Test func withoutPmxcfsTheLockIsTransientlyUnavailable() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // No /etc/pve: mkdir of priv/lock fails, as when pmxcfs is not mounted.
        do {
            _ = try PmxcfsLock(hostRoot: scratch.url.path).tryAcquire()
            Issue.record("expected an error")
        } catch let error as DriverError {
            #expect(error.isTransient)
        }
    }

    private func modified(_ path: String) throws -> Double {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
    }
}
