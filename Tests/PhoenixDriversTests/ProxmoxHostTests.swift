import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// ProxmoxDriver on the host itself, guest states, and the one shell exception.
@Suite struct ProxmoxHostTests {
    @Test func guestStatesComeFromPctAndQmStatus() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(101), .running)
        try host.setGuest(.lxc(102), .stopped)
        try host.setGuest(.vm(1001), .running)
        try host.setGuest(.vm(1002), .stopped)
        let driver = host.proxmoxDriver()
        #expect(try await driver.guestState(.host) == .running)
        #expect(try await driver.guestState(.lxc(101)) == .running)
        #expect(try await driver.guestState(.lxc(102)) == .stopped)
        #expect(try await driver.guestState(.lxc(103)) == .missing)
        #expect(try await driver.guestState(.vm(1001)) == .running)
        #expect(try await driver.guestState(.vm(1002)) == .stopped)
        #expect(try await driver.guestState(.vm(1009)) == .missing)
        #expect(try host.calls().map(\.commandLine) == [
            ["pct", "status", "101"], ["pct", "status", "102"], ["pct", "status", "103"],
            ["qm", "status", "1001"], ["qm", "status", "1002"], ["qm", "status", "1009"],
        ])
    }

    @Test func unexpectedStatusOutputIsUnknown() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.addRule(.fail("qm", ["status", "1001"], exitCode: 0, stdout: "status: paused\n"))
        try host.addRule(.fail("pct", ["status", "101"], exitCode: 2, stderr: "got timeout\n"))
        let driver = host.proxmoxDriver()
        #expect(try await driver.guestState(.vm(1001)) == .unknown("status: paused"))
        guard case .unknown(let reason) = try await driver.guestState(.lxc(101)) else {
            Issue.record("a failing pct status is not a state")
            return
        }
        #expect(reason.contains("got timeout"))
    }

    @Test func hostFilesAreWrittenAtomicallyUnderTheHostRoot() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        let driver = host.proxmoxDriver()
        // pmxcfs: mode 0640 and no owner (chown there is refused on a real host).
        try await driver.writeFile(
            "/etc/pve/firewall/cluster.fw", contents: Data("[OPTIONS]\nenable: 1\n".utf8), mode: 0o640,
            owner: nil, at: .host)
        try await driver.writeFile("/etc/phoenix/x", contents: Data("x".utf8), mode: 0o640, owner: String(getuid()), at: .host)
        #expect(host.file("/etc/pve/firewall/cluster.fw", at: .host) == Data("[OPTIONS]\nenable: 1\n".utf8))
        #expect(host.mode("/etc/pve/firewall/cluster.fw", at: .host) == 0o640)
        #expect(try await driver.readFile("/etc/pve/firewall/cluster.fw", at: .host) == Data("[OPTIONS]\nenable: 1\n".utf8))
        #expect(try await driver.listFiles(in: "/etc/pve/firewall", at: .host) == ["cluster.fw"])
        try await driver.removeFile("/etc/pve/firewall/cluster.fw", at: .host)
        #expect(try await driver.readFile("/etc/pve/firewall/cluster.fw", at: .host) == nil)
        await #expect(throws: DriverError.self) {
            try await driver.writeFile("/etc/x", contents: Data(), mode: 0o644, owner: "no-such-user-phoenix", at: .host)
        }
        #expect(try host.calls().isEmpty)
    }

    @Test func hostCommandsRunDirectly() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        let driver = host.proxmoxDriver()
        try await driver.runChecked(["pve-firewall", "compile"], at: .host)
        try await driver.runChecked(["systemctl", "restart", "dnsmasq"], at: .host)
        #expect(try host.calls().map(\.commandLine) == [["pve-firewall", "compile"], ["systemctl", "restart", "dnsmasq"]])
        #expect(try host.unit("dnsmasq", at: .host)?.restarts == 1)
        await #expect(throws: DriverError.executableNotFound(name: "no-such-tool-phoenix", location: .host)) {
            try await driver.run(["no-such-tool-phoenix"], at: .host)
        }
    }

    @Test func hostCommandTimeoutsAreDriverErrors() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        let driver = host.proxmoxDriver(commandTimeout: .milliseconds(200))
        await #expect(throws: DriverError.commandTimedOut(argv: ["sleep", "30"], location: .host, seconds: 0.2)) {
            try await driver.run(["sleep", "30"], at: .host)
        }
    }

    @Test func postRenewalCommandRunsAsOneShellArgument() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        let driver = host.proxmoxDriver()
        // An operator-written post_renewal_command: a shell string by definition, run as sh -c <it>.
        let command = "systemctl start nginx && systemctl reload nginx"
        try await driver.runShellChecked(command, at: .host)
        #expect(try host.calls().map(\.commandLine) == [["systemctl", "start", "nginx"], ["systemctl", "reload", "nginx"]])
        #expect(try host.unit("nginx", at: .host) == StandInUnit(active: true, starts: 1, reloads: 1))
        await #expect(throws: DriverError.commandFailed(argv: ["sh", "-c", "exit 4"], location: .host, exitCode: 4, stderrTail: "")) {
            try await driver.runShellChecked("exit 4", at: .host)
        }
    }
}
