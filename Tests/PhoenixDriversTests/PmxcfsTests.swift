import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// `/etc/pve` on the host behaves like pmxcfs in the local driver and under a stand-in's host root
/// (pve-cluster `pmxcfs.c` cfs_fuse_chmod/chown/symlink; pve-docs `pmxcfs.adoc`): mode 0640 (0600
/// under `priv/`) only, no owner, no symlink. Writing 0644 there passed before and failed on every host.
@Suite struct PmxcfsTests {
    @Test func onlyThePathsModeIsAllowedUnderEtcPve() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-pmxcfs")
        defer { scratch.remove() }
        let driver = LocalDriver(root: scratch.path + "/target")
        await #expect {
            try await driver.writeFile("/etc/pve/firewall/cluster.fw", contents: Data("x".utf8), mode: 0o644, owner: nil, at: .host)
        } throws: { error in
            guard case DriverError.fileSystem(let operation, _, _, let reason) = error else { return false }
            return operation == "chmod" && reason.contains("Operation not permitted") && reason.contains("0640")
        }
        try await driver.writeFile("/etc/pve/firewall/cluster.fw", contents: Data("x".utf8), mode: 0o640, owner: nil, at: .host)
        await #expect(throws: DriverError.self) {
            try await driver.writeFile("/etc/pve/priv/token", contents: Data("x".utf8), mode: 0o640, owner: nil, at: .host)
        }
        try await driver.writeFile("/etc/pve/priv/token", contents: Data("x".utf8), mode: 0o600, owner: nil, at: .host)
        await #expect(throws: DriverError.self) {
            try await driver.writeFile("/etc/pve/firewall/100.fw", contents: Data("x".utf8), mode: 0o640, owner: "root", at: .host)
        }
        // Elsewhere, and inside guests, any mode goes.
        try await driver.writeFile("/etc/pve-not/x", contents: Data("x".utf8), mode: 0o644, owner: nil, at: .host)
        try await driver.writeFile("/etc/pve/x", contents: Data("x".utf8), mode: 0o644, owner: nil, at: .lxc(101))
    }

    @Test func aSymlinkUnderEtcPveIsRefused() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-pmxcfs-link")
        defer { scratch.remove() }
        let root = scratch.path + "/target"
        let driver = LocalDriver(root: root)
        try await driver.writeFile("/etc/pve/firewall/real.fw", contents: Data("x".utf8), mode: 0o640, owner: nil, at: .host)
        try FileManager.default.createSymbolicLink(atPath: root + "/etc/pve/firewall/101.fw", withDestinationPath: "real.fw")
        await #expect(throws: DriverError.self) {
            try await driver.writeFile("/etc/pve/firewall/101.fw", contents: Data("y".utf8), mode: 0o640, owner: nil, at: .host)
        }
    }

    @Test func theProxmoxDriversHostRootIsPmxcfsToo() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        await #expect(throws: DriverError.self) {
            try await host.proxmoxDriver().writeFile(
                "/etc/pve/firewall/cluster.fw", contents: Data("x".utf8), mode: 0o644, owner: nil, at: .host)
        }
        #expect(host.file("/etc/pve/firewall/cluster.fw", at: .host) == nil)
    }
}
