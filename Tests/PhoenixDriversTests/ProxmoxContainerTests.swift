import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// ProxmoxDriver against the stand-in `pct`: the exact argv it produces and how it reads the answers.
@Suite struct ProxmoxContainerTests {
    @Test func writePushesToATemporaryNameThenRenamesInsideTheContainer() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(101), .running)
        let driver = host.proxmoxDriver()
        let path = "/etc/nginx/sites-available/gateway"
        try await driver.writeFile(path, contents: Data("server {}\n".utf8), mode: 0o640, owner: "www-data:www-data", at: .lxc(101))

        let calls = try host.argvs(of: "pct")
        try #require(calls.count == 3)
        #expect(calls[0] == ["exec", "101", "--", "mkdir", "-p", "/etc/nginx/sites-available"])
        let temporary = "/etc/nginx/sites-available/.gateway.phoenix-tmp"
        let pushed = calls[1][2]
        #expect(calls[1] == ["push", "101", pushed, temporary, "--perms", "0640", "--user", "www-data", "--group", "www-data"])
        #expect(pushed.hasPrefix(host.home + "/scratch/phoenix-"))
        #expect(!FileManager.default.fileExists(atPath: pushed))  // the scratch copy is gone
        #expect(calls[2] == ["exec", "101", "--", "mv", "-f", temporary, path])

        #expect(host.file(path, at: .lxc(101)) == Data("server {}\n".utf8))
        #expect(host.file(temporary, at: .lxc(101)) == nil)
        #expect(host.mode(path, at: .lxc(101)) == 0o640)
        #expect(try host.owner(path, at: .lxc(101)) == "www-data:www-data")
        #expect(try FileManager.default.contentsOfDirectory(atPath: host.home + "/scratch").isEmpty)
    }

    @Test func readPullsAndTreatsTheRealMissingFileErrorAsNil() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(102), .running)
        try host.setFile("/etc/traefik/traefik.yml", contents: Data("entryPoints: {}\n".utf8), at: .lxc(102))
        let driver = host.proxmoxDriver()

        #expect(try await driver.readFile("/etc/traefik/traefik.yml", at: .lxc(102)) == Data("entryPoints: {}\n".utf8))
        #expect(try await driver.readFile("/etc/traefik/absent.yml", at: .lxc(102)) == nil)
        let calls = try host.argvs(of: "pct")
        try #require(calls.count == 2)
        #expect(Array(calls[0].prefix(3)) == ["pull", "102", "/etc/traefik/traefik.yml"])
        #expect(Array(calls[1].prefix(3)) == ["pull", "102", "/etc/traefik/absent.yml"])
        #expect(calls.allSatisfy { $0.count == 4 && $0[3].hasPrefix(host.home + "/scratch/phoenix-") })
    }

    @Test func otherPullFailuresAreErrorsNotMissingFiles() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(102), .running)
        try host.addRule(.fail("pct", ["pull"], exitCode: 255, stderr: "failed to open /etc/x: Permission denied\n"))
        let driver = host.proxmoxDriver()
        do {
            _ = try await driver.readFile("/etc/x", at: .lxc(102))
            Issue.record("a permission error must not read as a missing file")
        } catch let DriverError.commandFailed(argv, location, exitCode, stderrTail) {
            #expect(argv.prefix(4) == ["pct", "pull", "102", "/etc/x"])
            #expect(location == .lxc(102) && exitCode == 255)
            #expect(stderrTail.contains("Permission denied"))
        }
    }

    @Test func runUsesPctExecAndKeepsTheCommandsExitCode() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(101), .running)
        let driver = host.proxmoxDriver()
        let failed = try await driver.run(["systemctl", "reload", "nginx"], at: .lxc(101))
        #expect(failed.exitCode == 1)
        #expect(failed.stderrText.contains("is not active"))
        await #expect(throws: DriverError.self) { try await driver.runChecked(["systemctl", "reload", "nginx"], at: .lxc(101)) }
        try await driver.runChecked(["systemctl", "start", "nginx"], at: .lxc(101))
        try await driver.runChecked(["systemctl", "reload", "nginx"], at: .lxc(101))

        #expect(try host.argvs(of: "pct") == [
            ["exec", "101", "--", "systemctl", "reload", "nginx"], ["exec", "101", "--", "systemctl", "reload", "nginx"],
            ["exec", "101", "--", "systemctl", "start", "nginx"], ["exec", "101", "--", "systemctl", "reload", "nginx"],
        ])
        #expect(try host.unit("nginx", at: .lxc(101)) == StandInUnit(active: true, starts: 1, reloads: 1))
        #expect(try host.unit("nginx", at: .host) == nil)
    }

    @Test func removeAndListGoThroughPctExec() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(101), .running)
        for name in ["a.conf", "sub/b.conf"] {
            try host.setFile("/etc/nginx/\(name)", contents: Data("x".utf8), at: .lxc(101))
        }
        let driver = host.proxmoxDriver()
        #expect(try await driver.listFiles(in: "/etc/nginx", at: .lxc(101)) == ["a.conf", "sub/b.conf"])
        #expect(try await driver.listFiles(in: "/etc/absent", at: .lxc(101)) == [])
        try await driver.removeFile("/etc/nginx/a.conf", at: .lxc(101))
        #expect(host.file("/etc/nginx/a.conf", at: .lxc(101)) == nil)
        #expect(try host.argvs(of: "pct").last == ["exec", "101", "--", "rm", "-f", "/etc/nginx/a.conf"])
        #expect(try host.argvs(of: "pct").first == [
            "exec", "101", "--", "find", "/etc/nginx", "-mindepth", "1", "(", "-type", "f", "-o", "-type", "l", ")", "-print0",
        ])
    }

    @Test func stoppedAndMissingContainersAreUnavailable() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(101), .stopped)
        let driver = host.proxmoxDriver()
        await #expect(throws: DriverError.guestUnavailable(location: .lxc(101), state: .stopped)) {
            try await driver.readFile("/etc/hostname", at: .lxc(101))
        }
        await #expect(throws: DriverError.guestUnavailable(location: .lxc(101), state: .stopped)) {
            try await driver.run(["true"], at: .lxc(101))
        }
        await #expect(throws: DriverError.guestUnavailable(location: .lxc(999), state: .missing)) {
            try await driver.writeFile("/etc/x", contents: Data("x".utf8), at: .lxc(999))
        }
    }

    @Test func invalidOwnersAndPathsNeverReachPct() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(101), .running)
        let driver = host.proxmoxDriver()
        await #expect(throws: DriverError.self) {
            try await driver.writeFile("/etc/x", contents: Data(), mode: 0o644, owner: "--help", at: .lxc(101))
        }
        await #expect(throws: DriverError.self) {
            try await driver.writeFile("/etc/../root/.ssh/authorized_keys", contents: Data(), at: .lxc(101))
        }
        await #expect(throws: DriverError.self) {
            try await driver.writeFile("/etc/x", contents: Data(), mode: 0o10000, owner: nil, at: .lxc(101))
        }
        #expect(try host.calls().isEmpty)
    }
}
