import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixStages
import PhoenixTesting
import Testing

/// Findings L2 (validate passed configurations every render refuses) and M4 (a stack label
/// `Host(`com`)` published `address=/com/<gateway>`): `validate` runs every stage's render and its
/// errors are findings; DNS names outside `domain_name` are errors (ADR 0020).
@Suite struct ValidateRendersTests {
    static let stacksConfig = "config/phoenix_stacks_config.json"
    static let lxcFile = "config/phoenix_lxc_configs.json"
    static let hypervisor = "config/phoenix_hypervisor_config.json"
    static let vectorsRule = "traefik.http.routers.vectors.rule=Host(`vectors.lab.phoenix.test`)"

    func validate(_ repo: ExampleRepository, settings: WatcherSettings = WatcherSettings()) -> ValidationReport {
        RenderingValidator.validate(source: FolderSource(root: repo.root), settings: settings)
    }

    @Test func theExampleConfigurationPassesWithItsRenders() throws {
        let report = validate(try ExampleRepository())
        #expect(!report.hasErrors, "\(report.diagnostics.filter { $0.severity == .error }.map(\.formatted))")
    }

    @Test func renderErrorsAreValidationFindings() throws {
        // Each of these passed `validate` (and so the pre-receive hook) and failed its stage on every retry.
        let cases: [(file: String, old: String, new: String, stage: String)] = [
            (Self.hypervisor, #""domain_name": "lab.phoenix.test""#, #""domain_name": "lab.phoenix.test\naddress=/#/6.6.6.6""#, "dns"),
            (Self.lxcFile, #""comment": "HTTP and HTTPS from the lab network""#, #""iface": "net0#x", "comment": "x""#, "firewall"),
            (Self.lxcFile, #""name": "notes","#, #""name": "x}\n  evil: {","#, "traefik"),
        ]
        for item in cases {
            let repo = try ExampleRepository()
            try repo.replace(item.file, item.old, with: item.new)
            let plain = ConfigValidator.validate(source: FolderSource(root: repo.root))
            let report = validate(repo)
            let errors = report.diagnostics.filter { $0.severity == .error }
            // Either the configuration's own checks refuse it now, or a stage's render does.
            #expect(!errors.isEmpty, "\(item.new)")
            if plain.errorCount == 0 {
                #expect(errors.contains { $0.message.hasPrefix("\(item.stage): ") }, "\(item.new): \(errors.map(\.formatted))")
            }
        }
    }

    @Test func dnsNamesOutsideTheDomainAreErrorsWithTheirLocation() throws {
        let repo = try ExampleRepository()
        try repo.replace(
            Self.stacksConfig, Self.vectorsRule,
            with: "traefik.http.routers.vectors.rule=Host(`com`) || Host(`github.com`)")
        let report = validate(repo)
        let findings = report.findings(.dnsNameOutsideZone)
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0.severity == .error && $0.file == Self.stacksConfig && $0.line != nil })
        #expect(findings.contains { $0.message.contains("\"com\"") && $0.message.contains("single-label") })
        #expect(findings.contains { $0.message.contains("\"github.com\"") && $0.message.contains("outside") })

        // The dns stage's own render publishes neither name.
        let snapshot = try #require(ConfigValidator.validate(source: FolderSource(root: repo.root)).snapshot)
        let render = DNSStage().render(snapshot, settings: StageSettings())
        let records = render.artifacts.map { String(decoding: $0.contents, as: UTF8.self) }.joined()
        #expect(!records.contains("address=/com/"))
        #expect(!records.contains("address=/github.com/"))
        #expect(render.hasErrors)

        // A zone the operator lists is allowed; a single-label name never is.
        var settings = WatcherSettings()
        settings.stages.dnsExtraZones = ["github.com"]
        let allowed = validate(repo, settings: settings).findings(.dnsNameOutsideZone)
        #expect(allowed.count == 1)
        #expect(allowed.first?.message.contains("\"com\"") == true)
    }

    @Test func agentHostnamesAreCheckedToo() throws {
        let repo = try ExampleRepository()
        let vms = try repo.read("config/phoenix_vm_configs.json")
        let hostname = try #require(
            vms.range(of: #""portainer_agent_hostname": "[^"]*""#, options: .regularExpression).map { String(vms[$0]) })
        try repo.replace("config/phoenix_vm_configs.json", hostname, with: #""portainer_agent_hostname": "deb.debian.org""#)
        let findings = validate(repo).findings(.dnsNameOutsideZone)
        #expect(findings.count == 1)
        #expect(findings.first?.file == "config/phoenix_vm_configs.json")
    }
}
