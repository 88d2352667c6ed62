import Foundation
import Testing

@testable import PhoenixCore

@Suite struct ConfigLoaderCorpusTests {
    @Test func realCorpusLoads() throws {
        guard Corpus.isAvailable else {
            print("SKIPPED realCorpusLoads: corpus not found at \(Corpus.root.path)")
            return
        }
        let result = ConfigLoader.load(from: FolderSource(root: Corpus.root))
        let snapshot = try #require(result.snapshot)
        #expect(snapshot.lxcs.count == 12)
        #expect(snapshot.vms.map(\.vmid) == [9000, 1001, 1002])
        #expect(snapshot.certificates.count == 4)
        #expect(snapshot.stacks.map(\.name) == ["portainer_service", "qdrant_service", "thinkheads_ai_app"])
        #expect(snapshot.role(.gateway)?.id == 101)
        #expect(snapshot.role(.traefik)?.primaryIP == "10.0.0.12")
        #expect(snapshot.roleResolution(.ca)?.rule == .legacyName("Step-CA"))
        #expect(snapshot.hypervisor.firewall?.globalFirewallRules.count == 15)
        #expect(snapshot.stack(named: "qdrant_service")?.compose?["services"]?["qdrant"] != nil)
        #expect(!result.hasErrors, "\(result.diagnostics.filter { $0.severity == .error }.map(\.formatted))")
    }
}
