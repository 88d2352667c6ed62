import Foundation

/// Firewall checks: policies, rule `type`/`action`, ports, addresses, and duplicate rules per list.
enum FirewallChecks {
    static let policies: Set<String> = ["ACCEPT", "DROP", "REJECT"]

    static func run(_ snapshot: ConfigSnapshot, into findings: inout Findings) {
        if let global = snapshot.hypervisor.firewall {
            for (key, policy) in [("default_input_policy", global.defaultInputPolicy), ("default_output_policy", global.defaultOutputPolicy)] {
                if let policy, !policies.contains(policy.uppercased()) {
                    findings.add(
                        .error, .invalidFirewallPolicy, at: global.origin, key: key,
                        "\(key) \"\(policy)\" must be ACCEPT, DROP or REJECT")
                }
            }
            checkRules(global.globalFirewallRules, owner: "the cluster", in: .cluster, into: &findings)
        }
        for guest in snapshot.guests {
            guard let firewall = guest.firewall else { continue }
            checkRules(
                firewall.rules, owner: guest.label, in: guest.kind == .vm ? .virtualMachine : .container, into: &findings)
        }
    }

    private static func checkRules(
        _ rules: [FirewallRule], owner: String, in environment: PVEFirewallRuleCheck.Environment, into findings: inout Findings
    ) {
        var seen: [[String?]: FirewallRule] = [:]
        for rule in rules {
            checkRule(rule, into: &findings)
            // What pve-firewall would warn about and silently leave out of the ruleset.
            for problem in PVEFirewallRuleCheck.problems(rule, in: environment) {
                findings.add(
                    .error, .invalidFirewallRule, at: rule.origin, key: problem.key,
                    "\(owner): pve-firewall would drop this rule: \(problem.message)")
            }
            if let first = seen[rule.effectKey] {
                let position = findings.position(file: first.origin.file, pointer: first.origin.pointer)
                let comments = first.comment == rule.comment ? "" : " (only the comment differs)"
                findings.add(
                    .warning, .duplicateFirewallRule, at: rule.origin,
                    "firewall rule of \(owner) repeats rule \(first.origin.pointer.lastToken ?? "?") at \(position)\(comments); delete one")
            } else {
                seen[rule.effectKey] = rule
            }
        }
    }

    private static func checkRule(_ rule: FirewallRule, into findings: inout Findings) {
        let type = rule.type?.lowercased()
        if let type, !["in", "out", "group"].contains(type) {
            findings.add(.error, .invalidFirewallRule, at: rule.origin, key: "type", "rule type \"\(rule.type ?? "")\" must be in, out or group")
        } else if type == nil {
            findings.add(.error, .invalidFirewallRule, at: rule.origin, "firewall rule has no \"type\" (in, out or group)")
        }
        if let action = rule.action {
            if type != "group" && !policies.contains(action.uppercased()) {
                findings.add(.error, .invalidFirewallRule, at: rule.origin, key: "action", "rule action \"\(action)\" must be ACCEPT, DROP or REJECT")
            }
        } else {
            findings.add(.error, .invalidFirewallRule, at: rule.origin, "firewall rule has no \"action\" (ACCEPT, DROP or REJECT)")
        }
        for (key, value) in [("port", rule.port), ("sport", rule.sourcePort)] {
            guard let value, let problem = portProblem(value) else { continue }
            findings.add(.error, .portOutOfRange, at: rule.origin, key: key, "\(key) \"\(value)\": \(problem)")
        }
        for (key, value) in [("source", rule.source), ("dest", rule.dest)] {
            guard let value, let problem = addressProblem(value) else { continue }
            findings.add(.error, .invalidIP, at: rule.origin, key: key, "\(key) \"\(value)\": \(problem)")
        }
    }

    /// Why a pve-firewall port list (`80`, `80,443`, `8000:8010`, `ssh`) is invalid, or `nil`.
    static func portProblem(_ text: String) -> String? {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false)
        for entry in entries {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return "empty entry in port list" }
            if trimmed.allSatisfy({ $0.isLetter || $0 == "-" || $0.isNumber }) && trimmed.first?.isLetter == true {
                continue  // a service name from /etc/services
            }
            let bounds = trimmed.split(separator: ":", omittingEmptySubsequences: false)
            guard bounds.count <= 2 else { return "\"\(trimmed)\" is not a port or range (a:b)" }
            var numbers: [Int] = []
            for bound in bounds {
                guard !bound.isEmpty, bound.allSatisfy(\.isASCII), bound.allSatisfy(\.isNumber), let number = Int(bound) else {
                    return "\"\(trimmed)\" is not a port number"
                }
                guard (1...65535).contains(number) else { return "port \(bound) is outside 1-65535" }
                numbers.append(number)
            }
            if numbers.count == 2 && numbers[0] > numbers[1] { return "range \(trimmed) is reversed" }
        }
        return nil
    }

    /// Why a rule source/dest (address, CIDR, range, list, alias or ipset) is invalid, or `nil`.
    static func addressProblem(_ text: String) -> String? {
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = entry.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { return "empty entry in address list" }
            if IPInterface(parsing: item) != nil { continue }
            let range = item.split(separator: "-", maxSplits: 1)
            if range.count == 2, IPAddress(parsing: String(range[0])) != nil, IPAddress(parsing: String(range[1])) != nil { continue }
            // Aliases and ipsets (`+name`, `dc/name`, `guest/name`) start with a letter or a prefix.
            let name = item.hasPrefix("+") ? String(item.dropFirst()) : item
            if let first = name.first, first.isLetter, !AddressChecks.looksNumeric(name) { continue }
            return "\"\(item)\" is not an IP address, CIDR, range, alias or ipset"
        }
        return nil
    }
}
