import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// Issue #12, M5 at the driver level: a driver confined to a stage's roots never writes, removes or
/// reads through a symlink planted below a root, and refuses paths outside every root, on the local
/// driver and on the Proxmox driver's host (whose host root is "/" on a real host).
@Suite struct ConfinementTests {
    /// The share stands for the NFS-exported stacks share; `vector_db` in it is replaced by a link to
    /// the host's `/etc/cron.d`, as whoever can write the share could do.
    static let share = "/quickOS/portainer_stacks"
    static let roots = PathRoots(host: [share])

    /// Plants `<base>/quickOS/portainer_stacks/vector_db -> ../../etc/cron.d` and a host file there.
    static func plant(in base: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: base + "/etc/cron.d", withIntermediateDirectories: true)
        try Data("legit host file\n".utf8).write(to: URL(fileURLWithPath: base + "/etc/cron.d/phoenix.json"))
        try fm.createDirectory(atPath: base + share, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: base + share + "/vector_db", withDestinationPath: "../../etc/cron.d")
    }

    /// What every confined driver must do with the planted link.
    static func expectConfinement(_ driver: any HostDriver, base: String) async throws {
        let confined = driver.confined(to: roots)
        let through = share + "/vector_db/phoenix.json"
        await #expect(throws: DriverError.symlinkRefused(path: through, location: .host)) {
            try await confined.writeFile(through, contents: Data("{}".utf8), at: .host)
        }
        await #expect(throws: DriverError.symlinkRefused(path: through, location: .host)) {
            try await confined.removeFile(through, at: .host)
        }
        await #expect(throws: DriverError.symlinkRefused(path: through, location: .host)) {
            _ = try await confined.readFile(through, at: .host)
        }
        #expect(try await confined.listFiles(in: share, at: .host) == ["vector_db"])
        #expect(FileManager.default.contents(atPath: base + "/etc/cron.d/phoenix.json") == Data("legit host file\n".utf8))

        // Outside every root: refused before anything is opened.
        await #expect(throws: DriverError.outsideRoots(path: "/etc/cron.d/phoenix.json", location: .host)) {
            _ = try await confined.readFile("/etc/cron.d/phoenix.json", at: .host)
        }
        await #expect(throws: DriverError.outsideRoots(path: "/etc/cron.d/phoenix.json", location: .host)) {
            try await confined.removeFile("/etc/cron.d/phoenix.json", at: .host)
        }
        #expect(FileManager.default.fileExists(atPath: base + "/etc/cron.d/phoenix.json"))

        // A final symlink: a read is refused, a write replaces the link (not its target).
        try FileManager.default.createSymbolicLink(
            atPath: base + share + "/passwd", withDestinationPath: base + "/etc/cron.d/phoenix.json")
        await #expect(throws: DriverError.symlinkRefused(path: share + "/passwd", location: .host)) {
            _ = try await confined.readFile(share + "/passwd", at: .host)
        }
        try await confined.writeFile(share + "/passwd", contents: Data("mine\n".utf8), at: .host)
        #expect(FileManager.default.contents(atPath: base + share + "/passwd") == Data("mine\n".utf8))
        #expect(FileManager.default.contents(atPath: base + "/etc/cron.d/phoenix.json") == Data("legit host file\n".utf8))

        // Real folders below the root work as before, including creating them.
        try await confined.writeFile(share + "/other/deep/docker-compose.yml", contents: Data("x\n".utf8), mode: 0o600, owner: nil, at: .host)
        #expect(try await confined.readFile(share + "/other/deep/docker-compose.yml", at: .host) == Data("x\n".utf8))
        #expect(try await confined.listFiles(in: share, at: .host) == ["other/deep/docker-compose.yml", "passwd", "vector_db"])
        try await confined.removeFile(share + "/other/deep/docker-compose.yml", at: .host)
        #expect(try await confined.readFile(share + "/other/deep/docker-compose.yml", at: .host) == nil)
    }

    @Test func theLocalDriverNeverFollowsASymlinkBelowAStageRoot() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-confine-local")
        defer { scratch.remove() }
        try Self.plant(in: scratch.path)
        try await Self.expectConfinement(LocalDriver(root: scratch.path, checks: []), base: scratch.path)
    }

    @Test func theProxmoxDriverNeverFollowsASymlinkBelowAStageRoot() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try Self.plant(in: host.hostRoot)
        try await Self.expectConfinement(host.proxmoxDriver(), base: host.hostRoot)
        #expect(try host.calls().isEmpty)
    }

    /// The generic wrapper (any other driver) checks paths by their text, at every location.
    @Test func guestPathsAreConfinedToo() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(101), .running)
        let confined = host.proxmoxDriver().confined(to: PathRoots(guests: ["/etc/traefik/dynamic/dynamic_conf.yml"]))
        await #expect(throws: DriverError.outsideRoots(path: "/root/.ssh/authorized_keys", location: .lxc(101))) {
            try await confined.writeFile("/root/.ssh/authorized_keys", contents: Data("k".utf8), at: .lxc(101))
        }
        await #expect(throws: DriverError.outsideRoots(path: "/etc/traefik/x.yml", location: .host)) {
            try await confined.writeFile("/etc/traefik/x.yml", contents: Data("k".utf8), at: .host)
        }
        #expect(try host.calls().isEmpty)
    }

    @Test func rootsMatchWholeComponents() {
        let roots = PathRoots(host: ["/quickOS/portainer_stacks/", "relative", "/a/../b"])
        #expect(roots.host == ["/quickOS/portainer_stacks"])
        #expect(roots.root(containing: "/quickOS/portainer_stacks/x/y", at: .host) == "/quickOS/portainer_stacks")
        #expect(roots.root(containing: "/quickOS/portainer_stacks", at: .host) == "/quickOS/portainer_stacks")
        #expect(roots.root(containing: "/quickOS/portainer_stacksX/y", at: .host) == nil)
        #expect(roots.root(containing: "/quickOS/portainer_stacks/x", at: .lxc(1)) == nil)
    }
}
