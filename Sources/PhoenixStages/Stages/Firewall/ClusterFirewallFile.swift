import Foundation

/// `cluster.fw` is datacenter-wide state: besides the `[OPTIONS]` and `[RULES]` phoenix renders it holds
/// `[IPSET …]`, `[GROUP …]`, `[ALIASES]` and options set in the GUI or API (`log_ratelimit`,
/// `ebtables`, `policy_forward`; pve-docs `pve-firewall.adoc` "Cluster Wide Setup"). Guest rules that
/// name a group, an ipset or an alias are dropped by pve-firewall when it is gone, so the stage owns only
/// its part of the file and keeps every other line byte for byte (ADR 0014):
/// - the managed header line (first line of the file);
/// - the `[OPTIONS]` lines `enable`, `policy_in`, `policy_out` (other option lines are kept);
/// - the whole `[RULES]` section (the config's `global_firewall_rules` are the datacenter rules).
enum ClusterFirewallFile {
    /// The option keys phoenix renders.
    static let ownedOptions: Set<String> = ["enable", "policy_in", "policy_out"]

    /// The part of `found` the stage owns, in the rendered form: equal to the render when that part is
    /// in sync, whatever else the file holds.
    static func ownedPart(of found: Data, header: String) -> Data {
        let file = Parsed(String(decoding: found, as: UTF8.self))
        var lines = file.preamble.contains(header) ? [header] : []
        lines += ["[OPTIONS]"] + (file.section("options")?.body.filter(isOwnedOption) ?? []) + [""]
        lines += ["[RULES]"] + (file.section("rules")?.body.filter { !isBlank($0) } ?? [])
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// `rendered` merged into `current`: the owned part replaced, everything else kept in place.
    static func merge(_ rendered: Data, into current: Data?, header: String) -> Data {
        guard let current else { return rendered }
        let ours = Parsed(String(decoding: rendered, as: UTF8.self))
        let ourOptions = ours.section("options")?.body.filter { !isBlank($0) } ?? []
        let ourRules = ours.section("rules")?.body.filter { !isBlank($0) } ?? []
        let file = Parsed(String(decoding: current, as: UTF8.self))
        var lines = [header] + file.preamble.filter { $0 != header }
        if file.section("options") == nil { lines += ["[OPTIONS]"] + ourOptions + [""] }
        if file.section("rules") == nil { lines += ["[RULES]"] + ourRules + [""] }
        for section in file.sections {
            switch section.name {
            case "options":
                lines += ["[OPTIONS]"] + ourOptions + section.body.filter { !isOwnedOption($0) }
            case "rules":
                lines += ["[RULES]"] + ourRules + section.body.reversed().prefix(while: isBlank).reversed()
            default:
                lines += [section.header] + section.body
            }
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// `enable: 1`, `policy_in: DROP` (pve-firewall accepts any case and spacing around the colon).
    static func isOwnedOption(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        return ownedOptions.contains(line[..<colon].trimmingCharacters(in: .whitespaces).lowercased())
    }

    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }

    /// The file cut at its section headers (`[OPTIONS]`, `[IPSET name] # comment`, …); lines verbatim.
    struct Parsed {
        struct Section {
            /// The header line as written.
            var header: String
            /// First word inside the brackets, lower-cased (`options`, `rules`, `ipset`, `group`, …).
            var name: String
            var body: [String]
        }

        var preamble: [String] = []
        var sections: [Section] = []

        init(_ text: String) {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if text.hasSuffix("\n") { lines.removeLast() }
            for line in lines {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") {
                    let inside = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
                    let name = inside.split(separator: " ").first.map { $0.lowercased() } ?? ""
                    sections.append(Section(header: line, name: name, body: []))
                } else if sections.isEmpty {
                    preamble.append(line)
                } else {
                    sections[sections.count - 1].body.append(line)
                }
            }
        }

        func section(_ name: String) -> Section? {
            sections.first { $0.name == name }
        }
    }
}
