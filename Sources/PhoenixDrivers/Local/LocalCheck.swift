/// A validation command the local driver really runs (when the tool is installed here) instead of only
/// journalling it: `dnsmasq --test`, `nginx -t`.
///
/// A command matches when its executable's file name equals `executable`, one of its arguments equals
/// `requiredArgument`, and none equals a `forbiddenArguments` entry. Absolute-path arguments (`/etc/x`
/// and `--opt=/etc/x`) are rewritten into the location's folder before the command runs, and the command
/// runs with that folder as its working directory. Paths *inside* the checked files (an `include` or a
/// `conf-dir=`) are not rewritten, so a check should name self-contained files.
public struct LocalCheck: Sendable, Hashable {
    /// The executable's file name ("dnsmasq").
    public var executable: String
    /// The argument that makes the invocation a check ("--test").
    public var requiredArgument: String
    /// Arguments that would make it more than a check (nginx `-s` sends a signal).
    public var forbiddenArguments: [String]

    /// Creates a check rule.
    public init(executable: String, requiredArgument: String, forbiddenArguments: [String] = []) {
        self.executable = executable
        self.requiredArgument = requiredArgument
        self.forbiddenArguments = forbiddenArguments
    }

    /// `dnsmasq --test …`: a syntax check that binds nothing (swift-libgit2-notes §6).
    public static let dnsmasqTest = LocalCheck(executable: "dnsmasq", requiredArgument: "--test")
    /// `nginx -t …`: a configuration test; never with `-s` (signals to a running server).
    public static let nginxTest = LocalCheck(executable: "nginx", requiredArgument: "-t", forbiddenArguments: ["-s"])
    /// The checks the local driver runs by default.
    public static let defaults: [LocalCheck] = [.dnsmasqTest, .nginxTest]

    /// Whether the argv is an invocation of this check.
    public func matches(_ argv: [String]) -> Bool {
        guard let first = argv.first, first.split(separator: "/").last.map(String.init) == executable else {
            return false
        }
        let arguments = argv.dropFirst()
        return arguments.contains(requiredArgument) && !arguments.contains(where: forbiddenArguments.contains)
    }
}
