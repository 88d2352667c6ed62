import Foundation
import PhoenixCore
import Testing

@testable import PhoenixStages

/// Issue #16: input rules that no test guarded (removing one left every test green while the planner
/// then missed a real change). Each edit here changes the output of the named stage through exactly
/// the rule under test, so removing that rule makes the edit unexplained and this test fail
/// (`scripts/rule-guard` checks that for every rule).
@Suite struct RuleGuardRecallTests {
    typealias Replacement = (file: String, old: String, new: String)

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var stage: StageID
        var rule: String
        var description: String { name }
    }

    static let hyp = "config/phoenix_hypervisor_config.json"
    static let lxc = "config/phoenix_lxc_configs.json"
    static let vm = "config/phoenix_vm_configs.json"

    /// No `roles` block: the roles fall back to the legacy LXC names, and the Traefik guest is renamed to its legacy name.
    static let legacyRoles: [Replacement] = [
        (hyp, "\"gateway\": 210,\n        \"traefik\": 220,\n", "\"gateway\": 210,\n"),
        (lxc, "\"name\": \"traefik-mesh\"", "\"name\": \"Traefik-Internal\""),
    ]

    /// The gateway role held by a VM (the swarm manager, VMID 310), named by its id.
    static let gatewayOnVM: [Replacement] = [(hyp, "\"gateway\": 210,", "\"gateway\": 310,")]

    static let cases: [Case] = [
        Case(name: "vm firewall port", stage: "firewall", rule: "/vms/*/firewall/**"),
        Case(name: "traefik guest leaves its legacy name", stage: "traefik", rule: "/lxc_configs/*/name"),
        Case(name: "the vm holding the gateway role changes its vmid", stage: "dns", rule: "/vms/*/vmid"),
    ]

    static func edit(_ name: String) -> (setup: [Replacement], edit: Replacement) {
        switch name {
        case "vm firewall port": ([], (vm, "\"port\": \"2377\",", "\"port\": \"2378\","))
        case "traefik guest leaves its legacy name": (legacyRoles, (lxc, "\"name\": \"Traefik-Internal\"", "\"name\": \"traefik-mesh\""))
        default: (gatewayOnVM, (vm, "\"vmid\": 310,", "\"vmid\": 311,"))
        }
    }

    @Test(arguments: cases)
    func theRuleExplainsAnOutputChange(_ test: Case) throws {
        let (setup, edit) = Self.edit(test.name)
        let stage = try #require(StageCatalogue.standard.stage(test.stage))
        #expect(stage.inputs.contains { $0.description.contains(test.rule) }, "\(test.stage) has a rule \(test.rule)")
        let outcome = try InputRecall.check(test.name, file: edit.file, old: edit.old, new: edit.new, stages: [stage], setup: setup)
        #expect(outcome.changedStages == [test.stage], "the edit must change \(test.stage)'s output, or it guards nothing")
        #expect(outcome.unexplained.isEmpty, "\(outcome.unexplained)")
    }
}
