import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// ProxmoxDriver against the stand-in `qm`: `qm guest exec` argv, its JSON, timeouts, and secrets.
@Suite struct ProxmoxMachineTests {
    @Test func runParsesTheGuestExecJSON() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        let driver = host.proxmoxDriver(guestExecTimeoutSeconds: 45)
        let result = try await driver.runChecked(["docker", "info", "--format", "{{.Swarm.ControlAvailable}}"], at: .vm(1001))
        #expect(result.exitCode == 0)
        #expect(result.stdoutText == "false\n")
        #expect(try host.argvs(of: "qm") == [
            ["guest", "exec", "1001", "--timeout", "45", "--", "docker", "info", "--format", "{{.Swarm.ControlAvailable}}"]
        ])
    }

    @Test func aNonZeroExitcodeInTheJSONIsAFailure() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        try host.addRule(.guest("qm", ["docker", "stack", "deploy"], exitCode: 3, stderr: "service web: image not found\n"))
        let driver = host.proxmoxDriver()
        let argv = ["docker", "stack", "deploy", "--compose-file", "/mnt/stacks/demo/docker-compose.yml", "production_demo"]
        let result = try await driver.run(argv, at: .vm(1001))
        #expect(result.exitCode == 3 && !result.succeeded)
        #expect(result.stderrText == "service web: image not found\n")
        await #expect(
            throws: DriverError.commandFailed(
                argv: argv, location: .vm(1001), exitCode: 3, stderrTail: "service web: image not found")
        ) {
            try await driver.runChecked(argv, at: .vm(1001))
        }
    }

    @Test func anAnswerWithoutExitcodeIsATimeoutNeverASuccess() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        try host.addRule(.guestTimeout(["docker", "swarm", "init"]))
        let driver = host.proxmoxDriver(guestExecTimeoutSeconds: 30)
        let argv = ["docker", "swarm", "init", "--advertise-addr", "10.0.0.111"]
        await #expect(throws: DriverError.commandTimedOut(argv: argv, location: .vm(1001), seconds: 30)) {
            try await driver.run(argv, at: .vm(1001))
        }
        await #expect(throws: DriverError.commandTimedOut(argv: argv, location: .vm(1001), seconds: 30)) {
            try await driver.runChecked(argv, at: .vm(1001))
        }
        #expect(try host.docker().swarmActive == false)
    }

    @Test func malformedJSONIsUnexpectedOutput() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        try host.addRule(.fail("qm", ["guest", "exec"], exitCode: 0, stdout: "not json\n"))
        try host.addRule(.fail("qm", ["guest", "exec"], exitCode: 0, stdout: #"{"exited": 1}"#))
        let driver = host.proxmoxDriver()
        await #expect(throws: DriverError.self) { try await driver.run(["true"], at: .vm(1001)) }
        do {
            _ = try await driver.run(["true"], at: .vm(1001))
            Issue.record("an exit without exit code must not pass")
        } catch let DriverError.unexpectedOutput(argv, location, _) {
            #expect(argv == ["true"] && location == .vm(1001))
        }
    }

    @Test func secretsWrittenToAVMTravelOnStdinOnly() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        let driver = host.proxmoxDriver()
        let secret = "-----BEGIN EC PRIVATE KEY-----\nTOP-SECRET-KEY-MATERIAL-42\n-----END EC PRIVATE KEY-----\n"
        let path = "/etc/docker/tls/key.pem"
        try await driver.writeFile(path, contents: Data(secret.utf8), mode: 0o600, owner: "root:root", at: .vm(1001))

        #expect(host.file(path, at: .vm(1001)) == Data(secret.utf8))
        #expect(host.mode(path, at: .vm(1001)) == 0o600)
        #expect(try host.owner(path, at: .vm(1001)) == "root:root")
        let calls = try host.argvs(of: "qm")
        #expect(calls == [
            ["guest", "exec", "1001", "--timeout", "30", "--pass-stdin", "1", "--", "sh", "-c", ProxmoxDriver.guestWriteScript,
             "sh", path, "0600", "root:root"]
        ])
        #expect(!host.callLogText().contains("TOP-SECRET-KEY-MATERIAL-42"))
        #expect(!host.callLogText().contains("PRIVATE KEY"))
    }

    @Test func theWriteScriptReallyWorksInAShell() async throws {
        // The stand-in emulates the script; this runs the same script in a real sh to prove it.
        let scratch = try ScratchDirectory(prefix: "phoenix-vmwrite")
        defer { scratch.remove() }
        let target = scratch.path + "/etc/docker/tls/cert.pem"
        let owner = String(getuid())
        let result = try await CommandRunner(searchPath: CommandRunner.defaultSearchPath).run(
            ["sh", "-c", ProxmoxDriver.guestWriteScript, "sh", target, "0640", owner], stdin: Data("pem\n".utf8))
        #expect(result.succeeded, "\(result.stderrText)")
        #expect(scratch.read("etc/docker/tls/cert.pem") == "pem\n")
        #expect(scratch.mode("etc/docker/tls/cert.pem") == 0o640)
        #expect(scratch.mode("etc/docker/tls") == 0o755)
        #expect(scratch.allEntries() == ["etc", "etc/docker", "etc/docker/tls", "etc/docker/tls/cert.pem"])
    }

    @Test func readsWithCatAndMissingIsNil() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1002), .running)
        try host.setFile("/etc/hostname", contents: Data("worker-1\n".utf8), at: .vm(1002))
        let driver = host.proxmoxDriver()
        #expect(try await driver.readFile("/etc/hostname", at: .vm(1002)) == Data("worker-1\n".utf8))
        #expect(try await driver.readFile("/etc/absent", at: .vm(1002)) == nil)
        #expect(try host.argvs(of: "qm").map { Array($0.dropFirst(6)) } == [["cat", "/etc/hostname"], ["cat", "/etc/absent"]])
    }

    @Test func listsAndRemovesInsideTheVM() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        try host.setFile("/mnt/stacks/demo/docker-compose.yml", contents: Data("services: {}\n".utf8), at: .vm(1001))
        try host.setFile("/mnt/stacks/qdrant/docker-compose.yml", contents: Data("services: {}\n".utf8), at: .vm(1001))
        let driver = host.proxmoxDriver()
        #expect(try await driver.listFiles(in: "/mnt/stacks", at: .vm(1001)) == ["demo/docker-compose.yml", "qdrant/docker-compose.yml"])
        try await driver.removeFile("/mnt/stacks/demo/docker-compose.yml", at: .vm(1001))
        #expect(try await driver.listFiles(in: "/mnt/stacks/", at: .vm(1001)) == ["qdrant/docker-compose.yml"])
        #expect(try await driver.listFiles(in: "/mnt/none", at: .vm(1001)) == [])
    }

    @Test func oversizedContentIsRefusedBeforeQm() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        let driver = host.proxmoxDriver()
        let big = Data(count: ProxmoxDriver.guestStdinLimit + 1)
        await #expect(
            throws: DriverError.contentTooLarge(
                path: "/srv/big", location: .vm(1001), bytes: big.count, limit: ProxmoxDriver.guestStdinLimit)
        ) {
            try await driver.writeFile("/srv/big", contents: big, at: .vm(1001))
        }
        #expect(try host.calls().isEmpty)
    }

    @Test func stoppedMissingAndAgentlessVMsAreUnavailable() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1002), .stopped)
        try host.setGuest(.vm(1003), .running)
        try host.addRule(.fail("qm", ["guest", "exec", "1003"], exitCode: 255, stderr: "QEMU guest agent is not running\n"))
        let driver = host.proxmoxDriver()
        await #expect(throws: DriverError.guestUnavailable(location: .vm(1002), state: .stopped)) {
            try await driver.run(["true"], at: .vm(1002))
        }
        await #expect(throws: DriverError.guestUnavailable(location: .vm(1001), state: .missing)) {
            try await driver.run(["true"], at: .vm(1001))
        }
        await #expect(
            throws: DriverError.guestUnavailable(location: .vm(1003), state: .unknown("QEMU guest agent is not available"))
        ) {
            try await driver.run(["true"], at: .vm(1003))
        }
    }
}
