import Foundation
import PhoenixCore

/// One config rule as a pve-firewall `[RULES]` line:
/// `IN ACCEPT -i net0 -p tcp -source 10.0.0.0/24 -dest 10.0.0.2 -dport 80,443 -sport 1024:65535 # comment`.
///
/// The options are the short forms every pve-firewall version parses (`-i`, `-p`, `-source`, `-dest`,
/// `-dport`, `-sport`); the long `-proto`/`-iface` forms are not used (`-iface` is not an option at
/// all, and `-proto` only exists in recent versions).
enum FirewallRuleLine {
    /// A rendered line, or why the rule cannot be written.
    enum Outcome: Equatable {
        /// The line, and options that were present but not written (for a warning).
        case line(String, ignored: [String])
        /// The rule is left out; `key` is the offending member, if one.
        case invalid(String, key: String?)
    }

    static let actions: Set<String> = ["ACCEPT", "DROP", "REJECT"]

    /// Renders `rule`.
    static func render(_ rule: FirewallRule) -> Outcome {
        guard let rawType = rule.type?.lowercased(), ["in", "out", "group"].contains(rawType) else {
            return .invalid("rule type \"\(rule.type ?? "")\" must be in, out or group", key: rule.type == nil ? nil : "type")
        }
        guard let rawAction = rule.action, !rawAction.isEmpty else {
            return .invalid("rule has no action", key: nil)
        }
        let options: [(key: String, flag: String, value: String?)] = [
            ("iface", "-i", rule.iface), ("proto", "-p", rule.proto?.lowercased()), ("source", "-source", rule.source),
            ("dest", "-dest", rule.dest), ("port", "-dport", rule.port), ("sport", "-sport", rule.sourcePort),
        ]
        for option in options {
            if let value = option.value, !value.isEmpty, !isSafeToken(value) {
                return .invalid("\(option.key) \"\(value)\" contains whitespace, '#' or control characters", key: option.key)
            }
        }
        var words: [String]
        var ignored: [String] = []
        if rawType == "group" {
            guard isGroupName(rawAction) else {
                return .invalid("security group name \"\(rawAction)\" must be a letter followed by letters, digits, - or _", key: "action")
            }
            words = ["GROUP", rawAction]
            if let iface = rule.iface, !iface.isEmpty { words += ["-i", iface] }
            ignored = options.dropFirst().filter { !($0.value ?? "").isEmpty }.map(\.key)
        } else {
            let action = rawAction.uppercased()
            guard actions.contains(action) else {
                return .invalid("rule action \"\(rawAction)\" must be ACCEPT, DROP or REJECT", key: "action")
            }
            words = [rawType.uppercased(), action]
            for option in options {
                if let value = option.value, !value.isEmpty { words += [option.flag, value] }
            }
        }
        var line = words.joined(separator: " ")
        let comment = oneLine(rule.comment ?? "")
        if !comment.isEmpty { line += " # " + comment }
        return .line(line, ignored: ignored)
    }

    /// A comment on one line: control characters (newlines included) become spaces, runs of
    /// whitespace collapse, ends are trimmed; a newline can never start a second rule.
    static func oneLine(_ text: String) -> String {
        let spaced = String(String.UnicodeScalarView(text.unicodeScalars.map {
            CharacterSet.controlCharacters.contains($0) || CharacterSet.newlines.contains($0) ? " " : $0
        }))
        return spaced.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    private static func isSafeToken(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy {
            !CharacterSet.whitespacesAndNewlines.contains($0) && !CharacterSet.controlCharacters.contains($0) && $0 != "#"
        }
    }

    private static func isGroupName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, CharacterSet.letters.contains(first) else { return false }
        return name.count >= 2 && name.count <= 20
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
    }
}
