import PhoenixCore

/// The host names a stack publishes through its Traefik labels: every backtick-quoted name inside a
/// ``Host(…)`` of a `traefik.http.routers.<r>.rule=` label (`Host(`a`) || Host(`b`)` gives both).
enum StackHostRules {
    /// Hosts of one label, in order; empty for any other label.
    static func hosts(inLabel label: String) -> [String] {
        guard label.hasPrefix("traefik.http.routers."), let equals = label.firstIndex(of: "=") else { return [] }
        let key = label[..<equals]
        guard key.hasSuffix(".rule") else { return [] }
        return hosts(inRule: String(label[label.index(after: equals)...]))
    }

    /// Hosts inside every `Host(…)` of a Traefik rule.
    static func hosts(inRule rule: String) -> [String] {
        var hosts: [String] = []
        var rest = Substring(rule)
        while let start = rest.range(of: "Host(") {
            // `HostRegexp(`/`HostSNI(` do not match "Host(" directly, but a name ending in "Host(" would:
            // only accept a match at the start or after a non-identifier character.
            let before = start.lowerBound == rest.startIndex ? nil : rest[rest.index(before: start.lowerBound)]
            rest = rest[start.upperBound...]
            if let before, before.isLetter || before.isNumber || before == "_" { continue }
            guard let close = rest.firstIndex(of: ")") else { break }
            let arguments = rest[..<close]
            let parts = arguments.split(separator: "`", omittingEmptySubsequences: false)
            // Odd indices are inside backticks: "`a`, `b`" → ["", "a", ", ", "b", ""].
            for (index, part) in parts.enumerated() where index % 2 == 1 && !part.isEmpty {
                hosts.append(String(part))
            }
            rest = rest[close...]
        }
        return hosts
    }

    /// Every (host, service origin, description) a stack manifest or the stacks config publishes for
    /// `environment`: stack folders' `phoenix.json` first (sorted by stack name), then the stacks
    /// config in file order.
    static func stackHosts(_ snapshot: ConfigSnapshot, environment: String) -> [(host: String, origin: ValueOrigin, source: String)] {
        var result: [(host: String, origin: ValueOrigin, source: String)] = []
        for stack in snapshot.stacks {
            for service in stack.manifest?.environment(environment)?.services ?? [] {
                for label in service.traefikLabels {
                    for host in hosts(inLabel: label) {
                        result.append((host, service.origin, "stack \(stack.name) phoenix.json service \(service.name)"))
                    }
                }
            }
        }
        for definition in snapshot.stacksConfig?.stacks ?? [] {
            for service in definition.environment(environment)?.services ?? [] {
                for label in service.traefikLabels {
                    for host in hosts(inLabel: label) {
                        result.append((host, service.origin, "stacks config \(definition.name) service \(service.name)"))
                    }
                }
            }
        }
        return result
    }
}
