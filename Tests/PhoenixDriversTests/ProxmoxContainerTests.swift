import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// ProxmoxDriver against the stand-in `pct`: the exact argv it produces and how it reads the answers.
@Suite struct ProxmoxContainerTests {
    /// pct push exits 0 when the copy fails, so files go through `pct exec` (whose exit status is the
    /// command's): the fixed write script with the content on stdin, then the digest read back.
    @Test func writeRunsTheFixedScriptThroughPctExecThenReadsTheDigestBack() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(101), .running)
        let driver = host.proxmoxDriver()
        let path = "/etc/nginx/sites-available/gateway"
        try await driver.writeFile(path, contents: Data("server {}\n".utf8), mode: 0o640, owner: "www-data:www-data", at: .lxc(101))

        #expect(try host.argvs(of: "pct") == [
            ["exec", "101", "--", "sh", "-c", ProxmoxDriver.guestWriteScript, "sh", path, "0640", "www-data:www-data"],
            ["exec", "101", "--", "sha256sum", "--", path],
        ])
        #expect(host.file(path, at: .lxc(101)) == Data("server {}\n".utf8))
        #expect(host.mode(path, at: .lxc(101)) == 0o640)
        #expect(try host.owner(path, at: .lxc(101)) == "www-data:www-data")
        #expect(!host.callLogText().contains("server {}"))  // content on stdin, never in argv
    }

    /// A write whose bytes are not in place afterwards is an error, not a success.
    @Test func aDigestThatDiffersFailsTheWrite() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(101), .running)
        try host.addRule(.guest("pct", ["sha256sum"], stdout: String(repeating: "0", count: 64) + "  /etc/x\n"))
        let driver = host.proxmoxDriver()
        await #expect {
            try await driver.writeFile("/etc/x", contents: Data("new\n".utf8), at: .lxc(101))
        } throws: { error in
            guard case DriverError.unexpectedOutput(_, let location, let reason) = error else { return false }
            return location == .lxc(101) && reason.contains("does not hold the bytes just written")
        }
    }

    @Test func readCatsThroughPctExecAndAMissingFileIsNil() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(102), .running)
        try host.setFile("/etc/traefik/traefik.yml", contents: Data("entryPoints: {}\n".utf8), at: .lxc(102))
        let driver = host.proxmoxDriver()

        #expect(try await driver.readFile("/etc/traefik/traefik.yml", at: .lxc(102)) == Data("entryPoints: {}\n".utf8))
        #expect(try await driver.readFile("/etc/traefik/absent.yml", at: .lxc(102)) == nil)
        #expect(try host.argvs(of: "pct") == [
            ["exec", "102", "--", "cat", "--", "/etc/traefik/traefik.yml"],
            ["exec", "102", "--", "cat", "--", "/etc/traefik/absent.yml"],
        ])
    }

    @Test func otherReadFailuresAreErrorsNotMissingFiles() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(102), .running)
        try host.addRule(.guest("pct", ["cat"], exitCode: 1, stderr: "cat: /etc/x: Permission denied\n"))
        let driver = host.proxmoxDriver()
        do {
            _ = try await driver.readFile("/etc/x", at: .lxc(102))
            Issue.record("a permission error must not read as a missing file")
        } catch let DriverError.commandFailed(argv, location, exitCode, stderrTail) {
            #expect(argv == ["cat", "--", "/etc/x"])
            #expect(location == .lxc(102) && exitCode == 1)
            #expect(stderrTail.contains("Permission denied"))
        }
    }

    /// The stand-in's pct push/pull answer like the real ones (pct.pm fork_worker, RESTEnvironment.pm
    /// tee_worker, CLIHandler.pm exit 0): the error on stderr, exit 0, and pull's empty destination.
    @Test func standInPushAndPullExitZeroWhenTheCopyFails() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(102), .running)
        let destination = host.home + "/pulled"
        let pull = try await host.runner().run(["pct", "pull", "102", "/etc/absent", destination], timeout: .seconds(30))
        #expect(pull.exitCode == 0)
        #expect(pull.stderrText == "failed to open /etc/absent: No such file or directory\n")
        #expect(FileManager.default.contents(atPath: destination) == Data())
        let push = try await host.runner().run(["pct", "push", "102", destination, "/no/such/dir/x"], timeout: .seconds(30))
        #expect(push.exitCode == 0)
        #expect(push.stderrText.hasPrefix("failed to create file: /no/such/dir/x"))
        try host.setGuest(.lxc(102), .stopped)
        let stopped = try await host.runner().run(["pct", "pull", "102", "/etc/absent", destination], timeout: .seconds(30))
        #expect(stopped.exitCode != 0)  // checked before the task is forked
    }

    /// lxc-attach cannot exec a program the container lacks (exit 127): that is not docker's "No such …".
    @Test func aMissingProgramInTheContainerIsNotACommandAnswer() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(101), .running)
        try host.removeExecutable("docker", at: .lxc(101))
        let driver = host.proxmoxDriver()
        await #expect(throws: DriverError.executableNotFound(name: "docker", location: .lxc(101))) {
            try await driver.run(["docker", "network", "inspect", "traefik"], at: .lxc(101))
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
        // pct.pm since PVE 7.0: "container '101' not running!" before lxc-attach is reached.
        let answer = try await host.runner().run(["pct", "exec", "101", "--", "true"], timeout: .seconds(30))
        #expect(answer.exitCode == 255 && answer.stderrText == "container '101' not running!\n")
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
