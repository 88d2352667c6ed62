/// The one quoting function for commands that cross SSH.
///
/// `ssh host -- a b c` does not pass an argv: it joins its arguments with spaces and the remote user's
/// shell splits the line again. Every word is therefore sent single-quoted (POSIX `sh`: nothing is
/// special inside single quotes except the quote itself, written `'\''`), so a configuration value —
/// a guest name, a label, a path with spaces, `$(…)`, `;`, newlines — arrives as exactly one argument,
/// byte for byte.
public enum ShellQuote {
    /// One word, always quoted (even when it looks harmless, so there is one rule to test).
    public static func word(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A whole argv as one remote command line.
    public static func command(_ argv: [String]) -> String {
        argv.map(word).joined(separator: " ")
    }
}
