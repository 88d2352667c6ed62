import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// The docker, systemctl and step stand-ins answer like the real tools, so later stages can be tested.
@Suite struct StandInToolTests {
    @Test func dockerSwarmLifecycleThroughTheManagerVM() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        for id in [1001, 1002] { try host.setGuest(.vm(id), .running) }
        var docker = StandInDocker()
        docker.hostnames = ["vm 1001": "manager-1", "vm 1002": "worker-1"]
        try host.setDocker(docker)
        let driver = host.proxmoxDriver()
        let manager = Location.vm(1001)

        #expect(try await driver.runChecked(["docker", "info", "--format", "{{.Swarm.ControlAvailable}}"], at: manager).stdoutText == "false\n")
        let notManager = try await driver.run(["docker", "node", "ls"], at: manager)
        #expect(notManager.exitCode == 1 && notManager.stderrText.contains("not a swarm manager"))
        try await driver.runChecked(["docker", "swarm", "init", "--advertise-addr", "10.0.0.111"], at: manager)
        let token = try await driver.runChecked(["docker", "swarm", "join-token", "-q", "worker"], at: manager).stdoutText
        #expect(token.hasPrefix("SWMTKN-1-"))
        try await driver.runChecked(
            ["docker", "swarm", "join", "--token", token.trimmingCharacters(in: .whitespacesAndNewlines), "10.0.0.111:2377"],
            at: .vm(1002))
        // The daemon refuses a second join (as it refuses a second init).
        let again = try await driver.run(
            ["docker", "swarm", "join", "--token", token.trimmingCharacters(in: .whitespacesAndNewlines), "10.0.0.111:2377"],
            at: .vm(1002))
        #expect(again.exitCode == 1 && again.stderrText.contains("This node is already part of a swarm"))
        let nodes = try await driver.runChecked(
            ["docker", "node", "ls", "--filter", "name=worker", "--format", "{{.Hostname}} {{.Status}}"], at: manager)
        #expect(nodes.stdoutText == "worker-1 Ready\n")

        try await driver.runChecked(["docker", "node", "update", "--label-add", "gpu=true", "--label-add", "zone=a", "worker-1"], at: manager)
        try await driver.runChecked(["docker", "node", "update", "--label-rm", "zone", "worker-1"], at: manager)
        let labels = try await driver.runChecked(["docker", "node", "inspect", "worker-1", "--format", "{{json .Spec.Labels}}"], at: manager)
        #expect(labels.stdoutText == #"{"gpu":"true"}"# + "\n")
        let absentLabel = try await driver.run(["docker", "node", "update", "--label-rm", "zone", "worker-1"], at: manager)
        #expect(absentLabel.exitCode == 1)
        // docker/cli node/update.go: the client's own message, and --label-add is applied before --label-rm.
        #expect(absentLabel.stderrText == "key zone doesn't exist in node's labels\n")
        try await driver.runChecked(
            ["docker", "node", "update", "--label-rm", "gpu", "--label-add", "gpu=false", "worker-1"], at: manager)
        let afterBoth = try await driver.runChecked(["docker", "node", "inspect", "worker-1", "--format", "{{json .Spec.Labels}}"], at: manager)
        #expect(afterBoth.stdoutText == "{}\n")
        try await driver.runChecked(["docker", "node", "update", "--label-add", "gpu=true", "worker-1"], at: manager)

        #expect(try await driver.run(["docker", "network", "inspect", "traefik-public"], at: manager).exitCode == 1)
        try await driver.runChecked(["docker", "network", "create", "--driver", "overlay", "--attachable", "traefik-public"], at: manager)
        #expect(try await driver.run(["docker", "network", "create", "--driver", "overlay", "traefik-public"], at: manager).exitCode == 1)

        let state = try host.docker()
        #expect(state.node(named: "worker-1")?.labels == ["gpu": "true"])
        #expect(state.node(named: "manager-1")?.managerStatus == "Leader")
        #expect(state.networks.map(\.name) == ["traefik-public"])
        #expect(state.networks.first?.attachable == true)
    }

    @Test func dockerStackDeployNeedsItsComposeFileInTheVM() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        try host.setDocker(.swarm(managerHostname: "manager-1", location: "vm 1001", address: "10.0.0.111"))
        let driver = host.proxmoxDriver()
        let compose = "/mnt/stacks/demo/docker-compose.tmp.yml"
        let deploy = ["docker", "stack", "deploy", "--compose-file", compose, "--with-registry-auth", "production_demo"]
        let missing = try await driver.run(deploy, at: .vm(1001))
        #expect(missing.exitCode == 1 && missing.stderrText.contains("no such file"))
        try host.setFile(compose, contents: Data("services: {}\n".utf8), at: .vm(1001))
        try await driver.runChecked(deploy, at: .vm(1001))
        try await driver.runChecked(deploy, at: .vm(1001))
        #expect(try await driver.runChecked(["docker", "stack", "ls", "--format", "{{.Name}}"], at: .vm(1001)).stdoutText == "production_demo\n")
        let stack = try host.docker().stacks.first
        #expect(stack?.deployCount == 2 && stack?.composeFiles == [compose] && stack?.withRegistryAuth == true)
        try await driver.runChecked(["docker", "stack", "rm", "production_demo"], at: .vm(1001))
        #expect(try host.docker().stacks.isEmpty)
    }

    @Test func dockerSecretsKeepOnlySizeAndDigest() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.vm(1001), .running)
        try host.setDocker(.swarm(managerHostname: "manager-1", location: "vm 1001", address: "10.0.0.111"))
        let driver = host.proxmoxDriver()
        try await driver.runChecked(
            ["docker", "secret", "create", "portainer_admin_password", "-"], at: .vm(1001), stdin: Data("s3cr3t-pw".utf8))
        let again = try await driver.run(["docker", "secret", "create", "portainer_admin_password", "-"], at: .vm(1001), stdin: Data("x".utf8))
        #expect(again.exitCode == 1 && again.stderrText.contains("already exists"))
        let secret = try host.docker().secrets.first
        #expect(secret?.name == "portainer_admin_password" && secret?.bytes == 9)
        let stateText = String(decoding: FileManager.default.contents(atPath: host.stateDirectory + "/docker.json") ?? Data(), as: UTF8.self)
        #expect(!stateText.contains("s3cr3t-pw") && !host.callLogText().contains("s3cr3t-pw"))
    }

    @Test func stepIssuesCertificatesThatInspectAndNeedsRenewalRead() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        let driver = host.proxmoxDriver()
        let crt = "/mnt/pve/quickOS/lxc-persistent-data/101/ssl/nginx.crt"
        let key = "/mnt/pve/quickOS/lxc-persistent-data/101/ssl/nginx.key"
        try await driver.runChecked(
            ["step", "ca", "certificate", "nginx.internal.test", crt, key, "--san", "nginx.internal.test", "--san", "10.0.0.5",
             "--not-after", "24h", "--provisioner", "admin@test", "--provisioner-password-file", "/run/pw"],
            at: .host)
        #expect(try await driver.readFile(key, at: .host).map { String(decoding: $0, as: UTF8.self) }?.hasPrefix("-----BEGIN EC PRIVATE KEY-----") == true)
        let again = try await driver.run(["step", "ca", "certificate", "nginx.internal.test", crt, key], at: .host)
        #expect(again.exitCode == 1)

        let inspected = try await driver.runChecked(["step", "certificate", "inspect", crt, "--format", "json"], at: .host)
        let json = try #require(try JSONSerialization.jsonObject(with: inspected.stdout) as? [String: Any])
        let names = (json["extensions"] as? [String: Any])?["subject_alt_name"] as? [String: Any]
        #expect(names?["dns_names"] as? [String] == ["nginx.internal.test"])
        #expect(names?["ip_addresses"] as? [String] == ["10.0.0.5"])
        #expect(try await driver.run(["step", "certificate", "needs-renewal", crt, "--expires-in", "12h"], at: .host).exitCode == 1)
        #expect(try await driver.run(["step", "certificate", "needs-renewal", crt, "--expires-in", "25h"], at: .host).exitCode == 0)
        #expect(try await driver.run(["step", "certificate", "needs-renewal", "/nope.crt"], at: .host).exitCode == 2)
    }

    @Test func toolLevelRulesApplyAFixedNumberOfTimes() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.addRule(.fail("pve-firewall", ["compile"], exitCode: 2, stderr: "rule parse error\n", times: 1))
        let driver = host.proxmoxDriver()
        let first = try await driver.run(["pve-firewall", "compile"], at: .host)
        #expect(first.exitCode == 2 && first.stderrText == "rule parse error\n")
        #expect(try await driver.run(["pve-firewall", "compile"], at: .host).succeeded)
        try await driver.runChecked(["pve-firewall", "restart"], at: .host)
        #expect(try await driver.runChecked(["pve-firewall", "status"], at: .host).stdoutText == "Status: enabled/running\n")
    }
}
