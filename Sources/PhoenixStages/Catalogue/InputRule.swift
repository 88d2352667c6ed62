import PhoenixCore

/// One thing a stage reads: a JSON pointer pattern in one config file, or a path pattern under the
/// stacks folder. The planner matches changed pointers and paths against these to pick stages, and
/// quotes `reason` to explain its choice.
public struct InputRule: Sendable, Hashable, CustomStringConvertible {
    /// What the rule watches.
    public enum Target: Sendable, Hashable {
        /// A JSON pointer pattern inside one config file. Tokens: a literal, `*` (exactly one token),
        /// and a final `**` (this node and everything below it). `/lxc_configs/*/name` matches every
        /// LXC's name; `/dns_server/**` matches the whole block; `/**` the whole file.
        case json(ConfigFileKind, pointer: String)
        /// A path pattern relative to the stacks folder, `/`-separated, with the same `*` and `**`
        /// tokens per path segment: `*/docker-compose.yml`, `*/**`.
        case stackPath(String)
    }

    /// What the rule watches.
    public var target: Target
    /// Why the stage reads it, in words an operator understands ("guest names become DNS records").
    public var reason: String

    /// A rule over a config file's JSON.
    public static func json(_ file: ConfigFileKind, _ pointer: String, _ reason: String) -> InputRule {
        InputRule(target: .json(file, pointer: pointer), reason: reason)
    }

    /// A rule over files in stack folders.
    public static func stackPath(_ pattern: String, _ reason: String) -> InputRule {
        InputRule(target: .stackPath(pattern), reason: reason)
    }

    public var description: String {
        switch target {
        case .json(let file, let pointer): "\(file.fileName)#\(pointer)"
        case .stackPath(let pattern): "stacks/\(pattern)"
        }
    }

    /// Whether a changed JSON pointer of `file` is read by this rule. A change at a parent of the
    /// pattern (a whole guest added or removed) also matches, since it changes what the pattern reads;
    /// so does a change below a node the pattern matches (an element of a matched array), since the
    /// stage reads that node's whole value.
    public func matches(file: ConfigFileKind, pointer: JSONPointer) -> Bool {
        guard case .json(let ruleFile, let pattern) = target, ruleFile == file else { return false }
        return PatternMatch.matches(pattern: PatternMatch.tokens(ofPointer: pattern), path: pointer.tokens)
    }

    /// Whether a changed file under the stacks folder (path relative to it, `qdrant/docker-compose.yml`)
    /// is read by this rule. A changed path is always a file, never a folder above the pattern, so a
    /// path shorter than the pattern (`.keep` against `*/phoenix.json`) does not match.
    public func matches(stackPath path: String) -> Bool {
        guard case .stackPath(let pattern) = target else { return false }
        return PatternMatch.matches(
            pattern: pattern.split(separator: "/").map(String.init), path: path.split(separator: "/").map(String.init),
            ancestors: false)
    }
}
