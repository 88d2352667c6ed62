import Foundation
import PhoenixTesting
import PhoenixDrivers
import Testing

@Suite struct LocalDriverTests {
    @Test func writesReadsListsAndRemovesAtEveryLocation() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-local")
        defer { scratch.remove() }
        let driver = LocalDriver(root: scratch.path + "/target")
        let cases: [(Location, String)] = [(.host, "target"), (.lxc(101), "target/lxc/101"), (.vm(1001), "target/vm/1001")]
        for (location, folder) in cases {
            try await driver.writeFile("/etc/nginx/conf.d/a.conf", contents: Data("a\n".utf8), mode: 0o640, owner: nil, at: location)
            try await driver.writeFile("/etc/nginx/nginx.conf", contents: Data("n\n".utf8), at: location)
            #expect(scratch.read("\(folder)/etc/nginx/conf.d/a.conf") == "a\n")
            #expect(scratch.mode("\(folder)/etc/nginx/conf.d/a.conf") == 0o640)
            #expect(scratch.mode("\(folder)/etc/nginx/nginx.conf") == 0o644)
            #expect(try await driver.readFile("/etc/nginx/nginx.conf", at: location) == Data("n\n".utf8))
            #expect(try await driver.readFile("/etc/nginx/missing.conf", at: location) == nil)
            #expect(try await driver.readFile("/nowhere/at/all", at: location) == nil)
            #expect(try await driver.listFiles(in: "/etc/nginx", at: location) == ["conf.d/a.conf", "nginx.conf"])
            #expect(try await driver.listFiles(in: "/etc/absent", at: location) == [])
            try await driver.removeFile("/etc/nginx/conf.d/a.conf", at: location)
            try await driver.removeFile("/etc/nginx/conf.d/a.conf", at: location)  // absent is fine
            #expect(try await driver.listFiles(in: "/etc", at: location) == ["nginx/nginx.conf"])
        }
        // The host listing does not show the guests' folders, which belong to the layout.
        #expect(try await driver.listFiles(in: "/", at: .host) == ["etc/nginx/nginx.conf"])
    }

    @Test func writeReplacesAtomicallyAndLeavesNoTemporaryFiles() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-local")
        defer { scratch.remove() }
        let driver = LocalDriver(root: scratch.path + "/target")
        try await driver.writeFile("/etc/dnsmasq.conf", contents: Data("old\n".utf8), at: .host)
        let before = try FileManager.default.attributesOfItem(atPath: scratch.path + "/target/etc/dnsmasq.conf")
        try await driver.writeFile("/etc/dnsmasq.conf", contents: Data("new\n".utf8), mode: 0o600, owner: nil, at: .host)
        let after = try FileManager.default.attributesOfItem(atPath: scratch.path + "/target/etc/dnsmasq.conf")
        // A rename puts a new inode in place; an in-place rewrite would keep the old one.
        #expect((before[.systemFileNumber] as? NSNumber) != (after[.systemFileNumber] as? NSNumber))
        #expect(scratch.read("target/etc/dnsmasq.conf") == "new\n")
        #expect(scratch.mode("target/etc/dnsmasq.conf") == 0o600)
        #expect(!scratch.allEntries().contains { $0.contains("phoenix-tmp") })
    }

    @Test func writeReplacesASymlinkInsteadOfWritingThroughIt() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-local")
        defer { scratch.remove() }
        let driver = LocalDriver(root: scratch.path + "/target")
        try scratch.write("elsewhere.txt", "keep me\n")
        try scratch.write("target/etc/placeholder", "")
        try FileManager.default.createSymbolicLink(
            atPath: scratch.path + "/target/etc/resolv.conf", withDestinationPath: scratch.path + "/elsewhere.txt")
        try await driver.writeFile("/etc/resolv.conf", contents: Data("nameserver 127.0.0.1\n".utf8), at: .host)
        #expect(scratch.read("elsewhere.txt") == "keep me\n")
        #expect(scratch.read("target/etc/resolv.conf") == "nameserver 127.0.0.1\n")
    }

    @Test(arguments: ["etc/relative", "/etc/../../outside", "/etc/./x", "/etc/new\nline", "/"])
    func refusesInvalidPaths(path: String) async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-local")
        defer { scratch.remove() }
        let driver = LocalDriver(root: scratch.path + "/target")
        await #expect(throws: DriverError.self) {
            try await driver.writeFile(path, contents: Data("x".utf8), at: .lxc(101))
        }
        await #expect(throws: DriverError.self) { try await driver.readFile(path, at: .host) }
        #expect(!scratch.exists("outside"))
    }

    @Test func refusesSymlinksLeadingOutOfTheLocation() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-local")
        defer { scratch.remove() }
        let driver = LocalDriver(root: scratch.path + "/target")
        try scratch.write("outside/secret.txt", "outside\n")
        try scratch.write("target/etc/host-only.conf", "host\n")
        let files = FileManager.default
        try files.createDirectory(atPath: scratch.path + "/target/lxc/101", withIntermediateDirectories: true)
        // Out of the whole tree, and out of the container into the host's part of the tree.
        try files.createSymbolicLink(atPath: scratch.path + "/target/lxc/101/etc", withDestinationPath: scratch.path + "/outside")
        try files.createSymbolicLink(atPath: scratch.path + "/target/lxc/101/hostetc", withDestinationPath: "../../etc")

        let escapes: [(String, Location)] = [("/etc/secret.txt", .lxc(101)), ("/hostetc/host-only.conf", .lxc(101))]
        for (path, location) in escapes {
            await #expect(throws: DriverError.pathEscapesRoot(path: path, location: location)) {
                try await driver.readFile(path, at: location)
            }
            await #expect(throws: DriverError.pathEscapesRoot(path: path, location: location)) {
                try await driver.writeFile(path, contents: Data("pwned\n".utf8), at: location)
            }
        }
        await #expect(throws: DriverError.pathEscapesRoot(path: "/etc/new/deeper.conf", location: .lxc(101))) {
            try await driver.writeFile("/etc/new/deeper.conf", contents: Data("x".utf8), at: .lxc(101))
        }
        await #expect(throws: DriverError.pathEscapesRoot(path: "/etc", location: .lxc(101))) {
            try await driver.listFiles(in: "/etc", at: .lxc(101))
        }
        #expect(scratch.read("outside/secret.txt") == "outside\n")
        #expect(scratch.read("target/etc/host-only.conf") == "host\n")
        #expect(!scratch.exists("outside/new"))

        // A symlink that stays inside the location is followed.
        try files.createDirectory(atPath: scratch.path + "/target/lxc/102/etc/nginx/sites-available", withIntermediateDirectories: true)
        try scratch.write("target/lxc/102/etc/nginx/sites-available/gateway", "server {}\n")
        try files.createDirectory(atPath: scratch.path + "/target/lxc/102/etc/nginx/sites-enabled", withIntermediateDirectories: true)
        try files.createSymbolicLink(
            atPath: scratch.path + "/target/lxc/102/etc/nginx/sites-enabled/gateway",
            withDestinationPath: "../sites-available/gateway")
        #expect(try await driver.readFile("/etc/nginx/sites-enabled/gateway", at: .lxc(102)) == Data("server {}\n".utf8))
    }

    @Test func reservesTheLayoutsOwnHostPaths() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-local")
        defer { scratch.remove() }
        let driver = LocalDriver(root: scratch.path + "/target")
        for path in ["/lxc/101/etc/x", "/vm/1001/x", "/guests/lxc-101.state", "/.phoenix-journal.jsonl"] {
            await #expect(throws: DriverError.self) { try await driver.writeFile(path, contents: Data(), at: .host) }
        }
    }

    @Test func journalsCommandsWithoutStdinAndWithSecretsRedacted() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-local")
        defer { scratch.remove() }
        let driver = LocalDriver(root: scratch.path + "/target")
        let result = try await driver.run(["systemctl", "reload", "nginx"], at: .lxc(101))
        #expect(result == .success)
        _ = try await driver.run(
            ["docker", "secret", "create", "portainer_admin_password", "-"], at: .vm(1001),
            stdin: Data("correct horse battery".utf8))
        try await driver.runChecked(["step", "ca", "bootstrap", "--password", "p4ssw0rd"], at: .host)

        let entries = try driver.journal()
        #expect(entries.map(\.location) == [.lxc(101), .vm(1001), .host])
        #expect(entries.map(\.argv) == [
            ["systemctl", "reload", "nginx"],
            ["docker", "secret", "create", "portainer_admin_password", "-"],
            ["step", "ca", "bootstrap", "--password", Redactor.placeholder],
        ])
        #expect(entries.allSatisfy { !$0.executed && $0.exitCode == nil })
        #expect(entries.map(\.stdinBytes) == [nil, 21, nil])
        let raw = scratch.read("target/.phoenix-journal.jsonl") ?? ""
        #expect(raw.split(separator: "\n").count == 3)
        #expect(!raw.contains("correct horse") && !raw.contains("p4ssw0rd"))
    }

    @Test func journalCanLiveElsewhere() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-local")
        defer { scratch.remove() }
        let driver = LocalDriver(root: scratch.path + "/target", journalPath: scratch.path + "/logs/journal.jsonl")
        _ = try await driver.run(["pve-firewall", "compile"], at: .host)
        #expect(try driver.journal().map(\.argv) == [["pve-firewall", "compile"]])
        #expect(scratch.exists("logs/journal.jsonl") && !scratch.exists("target/.phoenix-journal.jsonl"))
    }

    @Test func runsARealDnsmasqCheckThroughTheAllowlist() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-local")
        defer { scratch.remove() }
        let driver = LocalDriver(root: scratch.path + "/target")
        let config = "/etc/dnsmasq.d/00-phoenix-internal.conf"
        try await driver.writeFile(config, contents: Data("address=/portainer.internal.test/10.0.0.12\n".utf8), at: .host)
        let good = try await driver.runChecked(["dnsmasq", "--test", "--conf-file=\(config)"], at: .host)
        #expect((good.stderrText + good.stdoutText).contains("syntax check OK"))

        try await driver.writeFile(config, contents: Data("address=/portainer.internal.test/10.0.0.999\n".utf8), at: .host)
        do {
            try await driver.runChecked(["/usr/sbin/dnsmasq", "--test", "--conf-file=\(config)"], at: .host)
            Issue.record("dnsmasq accepted a bad address")
        } catch let DriverError.commandFailed(argv, location, exitCode, stderrTail) {
            #expect(argv == ["/usr/sbin/dnsmasq", "--test", "--conf-file=\(config)"])
            #expect(location == .host)
            #expect(exitCode != 0)
            #expect(stderrTail.contains("Bad address"))
        }
        let journal = try driver.journal()
        #expect(journal.map(\.executed) == [true, true])
        #expect(journal.first?.exitCode == 0)
        #expect(journal.last?.exitCode != 0)
    }

    @Test func guestStateComesFromStateFiles() async throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-local")
        defer { scratch.remove() }
        let driver = LocalDriver(root: scratch.path + "/target")
        #expect(try await driver.guestState(.lxc(101)) == .running)
        #expect(try await driver.guestState(.host) == .running)
        try driver.setGuestState(.stopped, for: .lxc(101))
        try driver.setGuestState(.missing, for: .vm(1001))
        #expect(scratch.read("target/guests/lxc-101.state") == "stopped\n")
        #expect(try await driver.guestState(.lxc(101)) == .stopped)
        #expect(try await driver.guestState(.vm(1001)) == .missing)
        await #expect(throws: DriverError.guestUnavailable(location: .lxc(101), state: .stopped)) {
            try await driver.writeFile("/etc/x", contents: Data(), at: .lxc(101))
        }
        await #expect(throws: DriverError.guestUnavailable(location: .vm(1001), state: .missing)) {
            try await driver.run(["true"], at: .vm(1001))
        }
        try scratch.write("target/guests/lxc-102.state", "paused\n")
        #expect(try await driver.guestState(.lxc(102)) == .unknown(#"state file says "paused""#))
        try driver.setGuestState(.running, for: .lxc(101))
        #expect(try await driver.guestState(.lxc(101)) == .running)
    }
}
