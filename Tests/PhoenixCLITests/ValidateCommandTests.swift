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
            source: FolderSource(root: root), layout: ConfigLayout(configPath: "conf"), format: .text)
        #expect(valid)
        #expect(String(decoding: output, as: UTF8.self) == "0 errors, 0 warnings\n")
        let command = try ValidateCommand.parse([root.path, "--config-path", "conf"])
        try command.run()
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
