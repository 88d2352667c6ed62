/// A scripted answer for a stand-in tool, kept in `state/control.json`; used to make a tool (or a
/// command inside a guest) fail, time out, or print something.
///
/// A rule with `guestArgvPrefix` answers for a command run *inside* a guest (`pct exec`,
/// `qm guest exec`); one without answers for the tool invocation itself. The first matching rule wins;
/// `times` limits how often it applies (nil = always).
public struct StandInRule: Sendable, Hashable, Codable {
    /// "pct", "qm", "systemctl", "docker", "pve-firewall" or "step".
    public var tool: String
    /// The tool's arguments must start with these (tool name excluded).
    public var argvPrefix: [String]
    /// For guest commands: the command inside the guest must start with these.
    public var guestArgvPrefix: [String]?
    /// Tool-level: exit code of the tool itself.
    public var exitCode: Int32?
    /// Tool-level: printed on stdout.
    public var stdout: String?
    /// Tool-level: printed on stderr.
    public var stderr: String?
    /// Guest-level: exit code of the guest command (the `exitcode` in qm's JSON).
    public var guestExitCode: Int32?
    /// Guest-level: the command's stdout (`out-data`).
    public var guestStdout: String?
    /// Guest-level: the command's stderr (`err-data`).
    public var guestStderr: String?
    /// Guest-level, qm only: answer like a command that outlived `--timeout` (`{"pid": …}`, no exit code).
    public var guestTimeout: Bool?
    /// Guest-level, qm only: the command was killed by this signal (`signal` and no `exitcode`).
    public var guestSignal: Int32?
    /// How many times the rule applies; nil for always.
    public var times: Int?

    private enum CodingKeys: String, CodingKey {
        case tool, stdout, stderr, times
        case argvPrefix = "argv_prefix"
        case guestArgvPrefix = "guest_argv_prefix"
        case exitCode = "exit_code"
        case guestExitCode = "guest_exit_code"
        case guestStdout = "guest_stdout"
        case guestStderr = "guest_stderr"
        case guestTimeout = "guest_timeout"
        case guestSignal = "guest_signal"
    }

    /// Makes the tool itself exit with `exitCode` (e.g. `pct push` failing, `qm` without agent).
    public static func fail(
        _ tool: String, _ argvPrefix: [String] = [], exitCode: Int32 = 1, stdout: String = "", stderr: String = "",
        times: Int? = nil
    ) -> StandInRule {
        StandInRule(tool: tool, argvPrefix: argvPrefix, exitCode: exitCode, stdout: stdout, stderr: stderr, times: times)
    }

    /// Answers a command inside a guest reached through `tool` ("pct" or "qm").
    public static func guest(
        _ tool: String, _ guestArgvPrefix: [String], exitCode: Int32 = 0, stdout: String = "", stderr: String = "",
        times: Int? = nil
    ) -> StandInRule {
        StandInRule(
            tool: tool, argvPrefix: [], guestArgvPrefix: guestArgvPrefix, guestExitCode: exitCode,
            guestStdout: stdout, guestStderr: stderr, times: times)
    }

    /// Makes `qm guest exec` report a command that outlived its timeout.
    public static func guestTimeout(_ guestArgvPrefix: [String], times: Int? = nil) -> StandInRule {
        StandInRule(tool: "qm", argvPrefix: [], guestArgvPrefix: guestArgvPrefix, guestTimeout: true, times: times)
    }

    /// Makes `qm guest exec` report a command killed by `signal` (no exit code).
    public static func guestSignal(_ guestArgvPrefix: [String], signal: Int32 = 9, times: Int? = nil) -> StandInRule {
        var rule = StandInRule(tool: "qm", argvPrefix: [], guestArgvPrefix: guestArgvPrefix, times: times)
        rule.guestSignal = signal
        return rule
    }

    /// Creates a rule field by field.
    public init(
        tool: String, argvPrefix: [String], guestArgvPrefix: [String]? = nil, exitCode: Int32? = nil,
        stdout: String? = nil, stderr: String? = nil, guestExitCode: Int32? = nil, guestStdout: String? = nil,
        guestStderr: String? = nil, guestTimeout: Bool? = nil, times: Int? = nil
    ) {
        self.tool = tool
        self.argvPrefix = argvPrefix
        self.guestArgvPrefix = guestArgvPrefix
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
        self.guestExitCode = guestExitCode
        self.guestStdout = guestStdout
        self.guestStderr = guestStderr
        self.guestTimeout = guestTimeout
        self.times = times
    }
}
