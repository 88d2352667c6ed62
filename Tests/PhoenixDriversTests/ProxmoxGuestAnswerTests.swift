import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// How qm and pct really answer (qemu-server `qm.pm`/`Agent.pm`, pve-container `pct.pm`), and how the
/// driver reads it: double-encoded output, truncation, signals, slow commands, missing programs.
@Suite struct ProxmoxGuestAnswerTests {
    /// qm prints out-data with `to_json(utf8 => 1)`: each byte is its own code point. Read as plain
    /// UTF-8 a non-ASCII file came back different and was rewritten on every run.
    @Test func nonASCIIFilesReadBackExactly() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        let driver = host.proxmoxDriver()
        let text = Data("café — ü ✓\n".utf8)
        try await driver.writeFile("/etc/motd", contents: text, at: .vm(1001))
        #expect(try await driver.readFile("/etc/motd", at: .vm(1001)) == text)
        let binary = Data([0x00, 0x80, 0xFF, 0xC3, 0x0A])
        try await driver.writeFile("/etc/blob", contents: binary, at: .vm(1001))
        #expect(try await driver.readFile("/etc/blob", at: .vm(1001)) == binary)
    }

    /// The stand-in prints what qm prints: "é" as the two characters U+00C3 U+00A9.
    @Test func standInDoubleEncodesLikeQm() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        try host.setFile("/etc/x", contents: Data("é".utf8), at: .vm(1001))
        let answer = try await host.runner().run(["qm", "guest", "exec", "1001", "--", "cat", "/etc/x"], timeout: .seconds(30))
        let object = try #require(try JSONSerialization.jsonObject(with: answer.stdout) as? [String: Any])
        #expect(object["out-data"] as? String == "\u{00C3}\u{00A9}")
    }

    /// Older qemu-server printed the raw bytes; a character above U+00FF can only come from there.
    @Test func olderQemuServerOutputFallsBackToUTF8() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        try host.addRule(.fail("qm", ["guest", "exec"], exitCode: 0, stdout: #"{"exitcode": 0, "exited": 1, "out-data": "✓ ok"}"#))
        let result = try await host.proxmoxDriver().run(["true"], at: .vm(1001))
        #expect(result.stdout == Data("✓ ok".utf8))
    }

    /// qemu-ga keeps at most 16 MiB and says `out-truncated`: a cut file must never pass for the file.
    @Test func truncatedOutputIsAnError() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        try host.addRule(
            .fail("qm", ["guest", "exec"], exitCode: 0, stdout: #"{"exitcode": 0, "exited": 1, "out-data": "part", "out-truncated": 1}"#))
        await #expect {
            try await host.proxmoxDriver().readFile("/var/log/big", at: .vm(1001))
        } throws: { error in
            guard case DriverError.unexpectedOutput(_, _, let reason) = error else { return false }
            return reason.contains("truncated")
        }
    }

    /// A command killed by a signal has `signal` and no `exitcode`: a failure with 128 + signal.
    @Test func aSignalIsAFailure() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        try host.addRule(.guestSignal(["docker", "info"], signal: 9))
        let result = try await host.proxmoxDriver().run(["docker", "info"], at: .vm(1001))
        #expect(!result.succeeded && result.exitCode == 137 && result.terminationSignal == 9)
    }

    /// Image pulls and stack deploys get the long guest-exec timeout; everything else the short one.
    @Test func commandsThatMayPullImagesGetTheLongTimeout() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        let driver = host.proxmoxDriver(guestExecTimeoutSeconds: 45)
        _ = try await driver.run(["docker", "stack", "deploy", "--compose-file", "/s/c.yml", "demo"], at: .vm(1001))
        _ = try await driver.run(["docker", "run", "-d", "--name", "agent", "portainer/agent"], at: .vm(1001))
        _ = try await driver.run(["docker", "stack", "ls"], at: .vm(1001))
        let timeouts = try host.argvs(of: "qm").map { $0[4] }
        #expect(timeouts == ["900", "900", "45"])
    }

    /// qemu-ga cannot spawn a program the VM lacks; qm dies with "Agent error: Failed to execute child
    /// process …". That is not docker's own "No such …" answer.
    @Test func aMissingProgramInTheVMIsNotACommandAnswer() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        try host.removeExecutable("docker", at: .vm(1001))
        await #expect(throws: DriverError.executableNotFound(name: "docker", location: .vm(1001))) {
            try await host.proxmoxDriver().run(["docker", "secret", "inspect", "x"], at: .vm(1001))
        }
    }

    /// Agent.pm: "VM <id> is not running"; pct.pm: "container '<id>' not running!".
    @Test func stoppedGuestsAnswerWithTheRealMessages() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .stopped)
        let answer = try await host.runner().run(["qm", "guest", "exec", "1001", "--", "true"], timeout: .seconds(30))
        #expect(answer.exitCode == 255 && answer.stderrText == "VM 1001 is not running\n")
        await #expect(throws: DriverError.guestUnavailable(location: .vm(1001), state: .stopped)) {
            try await host.proxmoxDriver().run(["true"], at: .vm(1001))
        }
    }
}
