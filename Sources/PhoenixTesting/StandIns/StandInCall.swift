/// One recorded invocation of a stand-in tool (a line of `state/calls.jsonl`). Stdin is never recorded.
public struct StandInCall: Sendable, Hashable, Codable {
    /// The tool's name ("pct").
    public var tool: String
    /// Its arguments, without the tool name.
    public var argv: [String]

    /// The full command line, tool name first.
    public var commandLine: [String] { [tool] + argv }
}
