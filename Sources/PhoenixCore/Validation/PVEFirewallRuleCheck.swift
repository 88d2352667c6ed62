/// What pve-firewall's own rule check (`Firewall.pm` `verify_rule`, reached from `parse_fw_rule`) would
/// hold against a config rule once rendered. pve-firewall does not refuse such a rule: it warns
/// ("errors in rule parameters") and leaves it out of the ruleset, so `pve-firewall compile` still exits
/// 0. Every problem here is therefore an error in `validate`, not a warning.
///
/// Checked here: the interface (`net\d+` on guests), the protocol (a name or number from
/// `/etc/protocols`), the port lists (numbers, ranges, `/etc/services` names, at most 15 numbers), a
/// port without a protocol, a port on a protocol without ports, and the security group name. Not
/// checkable from the config: whether an alias or ipset a rule names exists (they live in the
/// operator's part of `cluster.fw`); the firewall stage's compile check catches those.
public enum PVEFirewallRuleCheck {
    /// Where a rule lives: `cluster.fw`, a container's or a VM's `<id>.fw` (`$rule_env`).
    public enum Environment: Sendable {
        case cluster, container, virtualMachine

        var isGuest: Bool { self != .cluster }
    }

    /// One finding: the member it is about and why the parser would drop the rule.
    public struct Problem: Sendable, Hashable {
        /// The rule member (`proto`, `port`, `sport`, `iface`, `action`).
        public var key: String
        /// Why, in pve-firewall's own words where it has them.
        public var message: String
    }

    /// The problems of `rule` in `environment` (empty when pve-firewall would keep it).
    public static func problems(_ rule: FirewallRule, in environment: Environment) -> [Problem] {
        var problems: [Problem] = []
        let type = rule.type?.lowercased()
        if type == "group", let name = rule.action, !isGroupName(name) {
            problems.append(Problem(key: "action", message: "invalid characters in security group name \"\(name)\""))
        }
        if let iface = nonEmpty(rule.iface) {
            if !isInterfaceName(iface) {
                problems.append(Problem(key: "iface", message: "invalid network interface name '\(iface)'"))
            } else if environment.isGuest, !isGuestInterface(iface) {
                problems.append(
                    Problem(key: "iface", message: "\"\(iface)\" is not a Proxmox NIC name: guest rules take net0, net1, … (the name inside the guest, such as eth0, is refused by pve-firewall)"))
            }
        }
        // A group rule takes only `-i` (parse_fw_rule stops reading at the group's other options).
        guard type != "group" else { return problems }
        let proto = nonEmpty(rule.proto)?.lowercased()
        problems += addressProblems(rule, proto: proto)
        if let proto, !PVEFirewallNames.isKnownProtocol(proto) {
            problems.append(Problem(key: "proto", message: "unknown protocol '\(proto)' (not in /etc/protocols)"))
        }
        let icmp = proto.map(PVEFirewallNames.isICMP) ?? false
        for (key, value, isDestination) in [("port", rule.port, true), ("sport", rule.sourcePort, false)] {
            guard let value = nonEmpty(value) else { continue }
            guard let proto else {
                problems.append(Problem(key: "proto", message: "\(key) \"\(value)\" needs a proto (tcp, udp, dccp, sctp or udplite)"))
                continue
            }
            // An unknown protocol is reported once, above (pve-firewall adds this second complaint).
            if PVEFirewallNames.isKnownProtocol(proto), !PVEFirewallNames.protocolsWithPorts.contains(proto),
                !(icmp && isDestination)
            {
                problems.append(Problem(key: key, message: "protocol '\(proto)' does not support ports"))
            }
            if let problem = portListProblem(value, icmp: icmp && isDestination) {
                problems.append(Problem(key: key, message: "\(key) \"\(value)\": \(problem)"))
            }
        }
        return problems
    }

    /// `parse_address_list` (Net::IP) and `$set_ip_version`: a prefix with host bits set, a reversed range, a
    /// range inside a list, IPv4 and IPv6 mixed in a list or across `source`, `dest` and an ICMP protocol.
    /// Aliases and ipsets carry no family the config knows, so they are not counted.
    static func addressProblems(_ rule: FirewallRule, proto: String?) -> [Problem] {
        var problems: [Problem] = []
        var ruleFamily: Int? = proto == "icmp" ? 4 : (proto == "icmpv6" || proto == "ipv6-icmp") ? 6 : nil
        for (key, value) in [("source", rule.source), ("dest", rule.dest)] {
            guard let value = nonEmpty(value), !value.hasPrefix("+"), !isAliasReference(value) else { continue }
            let elements = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var listFamily: Int?
            var ranged = false
            for element in elements {
                guard let (family, problem) = addressFamily(element) else { continue }  // other checks report it
                if let problem {
                    problems.append(Problem(key: key, message: "\(key) \"\(element)\": \(problem)"))
                    continue
                }
                ranged = ranged || element.contains("-")
                if let listFamily, listFamily != family {
                    problems.append(Problem(key: key, message: "detected mixed ipv4/ipv6 addresses in address list '\(value)'"))
                }
                listFamily = family
            }
            if ranged && elements.count > 1 {
                problems.append(Problem(key: key, message: "you can't use a range in a list (\(value))"))
            }
            if let listFamily {
                if let ruleFamily, ruleFamily != listFamily {
                    problems.append(Problem(key: key, message: "detected mixed ipv4/ipv6 addresses in rule"))
                }
                ruleFamily = ruleFamily ?? listFamily
            }
        }
        return problems
    }

    /// The family (4 or 6) of one list element and what Net::IP would refuse in it; nil when it does not
    /// parse at all (the general address check reports that).
    private static func addressFamily(_ element: String) -> (Int, String?)? {
        let bounds = element.split(separator: "-", maxSplits: 1).map(String.init)
        if bounds.count == 2 {
            guard let first = IPAddress(parsing: bounds[0]), let last = IPAddress(parsing: bounds[1]) else { return nil }
            guard first.bitWidth == last.bitWidth else { return (first.bitWidth == 32 ? 4 : 6, "not a range of one family") }
            let problem = bits(first) > bits(last) ? "the range is reversed (Net::IP: Begin address is greater than End address)" : nil
            return (first.bitWidth == 32 ? 4 : 6, problem)
        }
        guard let interface = IPInterface(parsing: element) else { return nil }
        let family = interface.address.bitWidth == 32 ? 4 : 6
        if let length = interface.prefixLength, bits(interface.address).dropFirst(length).contains("1") {
            return (family, "the address has bits set after the /\(length) prefix (Net::IP: Invalid prefix); write the network address")
        }
        return (family, nil)
    }

    /// The address as a string of 0s and 1s (Net::IP's own form), for comparing and prefix checks.
    private static func bits(_ address: IPAddress) -> String {
        switch address {
        case .v4(let value):
            let text = String(value, radix: 2)
            return String(repeating: "0", count: 32 - text.count) + text
        case .v6(let bytes):
            return bytes.map { byte in
                let text = String(byte, radix: 2)
                return String(repeating: "0", count: 8 - text.count) + text
            }.joined()
        }
    }

    /// `(dc/|guest/)?name`: `$ip_alias_pattern`.
    private static func isAliasReference(_ value: String) -> Bool {
        var name = Substring(value)
        for scope in ["dc/", "guest/"] where name.hasPrefix(scope) { name = name.dropFirst(scope.count) }
        return isGroupName(String(name))
    }

    /// `parse_port_name_number_or_range`: names must be in `/etc/services` (or be ICMP type names for
    /// an ICMP rule's destination), and a list may count at most 15 numbers (a range counts 2).
    static func portListProblem(_ text: String, icmp: Bool) -> String? {
        var count = 0
        var icmpName = false
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            if item.contains(":") || item.allSatisfy(\.isNumber) {
                count += item.contains(":") ? 2 : 1
            } else if icmp, PVEFirewallNames.icmpTypeNames.contains(item) {
                icmpName = true
            } else if !item.isEmpty, !PVEFirewallNames.services.contains(item) {
                return "invalid port '\(item)' (not a number and not a service name in /etc/services)"
            }
        }
        if icmpName && count > 0 { return "ICMP ports not allowed in port range" }
        if count > 15 { return "too many entries in port list (> 15 numbers)" }
        return nil
    }

    /// `pve_verify_iface`: `^[a-z][a-z0-9_]{1,20}([:.]\d+)?$`, case-insensitive.
    static func isInterfaceName(_ name: String) -> Bool {
        var body = Substring(name)
        if let separator = name.lastIndex(where: { $0 == ":" || $0 == "." }) {
            let suffix = name[name.index(after: separator)...]
            guard !suffix.isEmpty, suffix.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            body = name[..<separator]
        }
        guard let first = body.first, first.isASCII, first.isLetter, (2...21).contains(body.count) else { return false }
        return body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// `verify_rule` for `vm`/`ct`: `^net(\d+)$`.
    static func isGuestInterface(_ name: String) -> Bool {
        name.hasPrefix("net") && name.count > 3 && name.dropFirst(3).allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `$security_group_name_pattern`: `[A-Za-z][A-Za-z0-9\-\_]+`.
    static func isGroupName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter, name.count >= 2 else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
