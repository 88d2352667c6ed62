import Foundation
import PhoenixDrivers
import Testing

@Suite struct RecordingDriverTests {
    /// What a stage would do: write a rendered file only when it differs, and reload only then.
    private func applyDNS(_ driver: some HostDriver, records: String) async throws {
        let changed = try await driver.writeFileIfChanged(
            "/etc/dnsmasq.d/00-phoenix-internal.conf", contents: Data(records.utf8), at: .host)
        if changed { try await driver.runChecked(["systemctl", "restart", "dnsmasq"], at: .host) }
    }

    @Test func countersShowASecondIdenticalApplyWritesAndRunsNothing() async throws {
        let driver = RecordingDriver()
        try await applyDNS(driver, records: "address=/a.test/10.0.0.1\n")
        #expect(await driver.writeCount == 1)
        #expect(await driver.runCount == 1)
        await driver.resetRecording()
        try await applyDNS(driver, records: "address=/a.test/10.0.0.1\n")
        #expect(await driver.writeCount == 0)
        #expect(await driver.runCount == 0)
        #expect(await driver.mutationCount == 0)
        #expect(await driver.operations == [.read(path: "/etc/dnsmasq.d/00-phoenix-internal.conf", location: .host)])
        try await applyDNS(driver, records: "address=/a.test/10.0.0.2\n")
        #expect(await driver.writeCount == 1)
        #expect(await driver.commands() == [["systemctl", "restart", "dnsmasq"]])
    }

    @Test func recordsEveryOperationInOrderWithModeAndOwner() async throws {
        let driver = RecordingDriver(files: [.lxc(101): ["/etc/nginx/nginx.conf": Data("old".utf8)]])
        try await driver.writeFile("/etc/nginx/nginx.conf", contents: Data("new".utf8), mode: 0o640, owner: "www-data", at: .lxc(101))
        _ = try await driver.run(["nginx", "-t"], at: .lxc(101), stdin: Data("in".utf8))
        try await driver.removeFile("/etc/nginx/sites-enabled/default", at: .lxc(101))
        _ = try await driver.listFiles(in: "/etc/nginx", at: .lxc(101))
        _ = try await driver.guestState(.lxc(101))
        #expect(await driver.operations == [
            .write(path: "/etc/nginx/nginx.conf", location: .lxc(101), mode: 0o640, owner: "www-data", bytes: 3),
            .run(argv: ["nginx", "-t"], location: .lxc(101), stdin: Data("in".utf8)),
            .remove(path: "/etc/nginx/sites-enabled/default", location: .lxc(101)),
            .list(directory: "/etc/nginx", location: .lxc(101)),
            .guestState(location: .lxc(101)),
        ])
        #expect(await driver.recordedFile("/etc/nginx/nginx.conf", at: .lxc(101)) == RecordedFile(contents: Data("new".utf8), mode: 0o640, owner: "www-data"))
        #expect(await driver.files(at: .host).isEmpty)
        #expect(await driver.operations.first?.description == "write lxc 101 /etc/nginx/nginx.conf (0640, www-data, 3 bytes)")
    }

    @Test func scriptedAnswersMatchByPrefixAndLocationLatestFirst() async throws {
        let driver = RecordingDriver()
        await driver.answer(["docker", "info"], with: CommandResult(exitCode: 0, stdout: "false\n"))
        await driver.answer(["docker", "info"], at: .vm(1001), with: CommandResult(exitCode: 0, stdout: "true\n"))
        await driver.fail(["docker", "swarm", "init"], with: .commandTimedOut(argv: ["docker", "swarm", "init"], location: .vm(1001), seconds: 30))
        let format = ["docker", "info", "--format", "{{.Swarm.ControlAvailable}}"]
        #expect(try await driver.run(format, at: .vm(1001)).stdoutText == "true\n")
        #expect(try await driver.run(format, at: .vm(1002)).stdoutText == "false\n")
        #expect(try await driver.run(["docker", "node", "ls"], at: .vm(1001)) == .success)
        await #expect(throws: DriverError.self) { try await driver.run(["docker", "swarm", "init"], at: .vm(1001)) }
        await driver.answer(["docker", "info"], with: CommandResult(exitCode: 1, stdout: "", stderr: "daemon down"))
        await #expect(throws: DriverError.commandFailed(argv: format, location: .vm(1001), exitCode: 1, stderrTail: "daemon down")) {
            try await driver.runChecked(format, at: .vm(1001))
        }
        #expect(await driver.runCount == 5)
    }

    @Test func scriptedGuestStatesGateAccess() async throws {
        let driver = RecordingDriver(guestStates: [.lxc(102): .stopped])
        await driver.setGuestState(.missing, for: .vm(1001))
        #expect(try await driver.guestState(.lxc(101)) == .running)
        #expect(try await driver.guestState(.lxc(102)) == .stopped)
        await #expect(throws: DriverError.guestUnavailable(location: .lxc(102), state: .stopped)) {
            try await driver.writeFile("/etc/x", contents: Data(), at: .lxc(102))
        }
        await #expect(throws: DriverError.guestUnavailable(location: .vm(1001), state: .missing)) {
            try await driver.run(["true"], at: .vm(1001))
        }
        #expect(await driver.file("/etc/x", at: .lxc(102)) == nil)
    }

    @Test func validatesPathsLikeTheRealDrivers() async throws {
        let driver = RecordingDriver()
        await #expect(throws: DriverError.self) { try await driver.writeFile("etc/x", contents: Data(), at: .host) }
        await #expect(throws: DriverError.self) { try await driver.readFile("/etc/../x", at: .host) }
        #expect(await driver.operations.isEmpty)
        try await driver.writeFile("//etc//hosts", contents: Data("h".utf8), at: .host)
        #expect(await driver.file("/etc/hosts", at: .host) == Data("h".utf8))
        #expect(try await driver.listFiles(in: "/", at: .host) == ["etc/hosts"])
    }
}
