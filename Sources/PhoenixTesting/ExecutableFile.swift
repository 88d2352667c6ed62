public import Foundation

/// Writes executables that another program (git running a hook) will exec, without this process ever
/// holding the file open for writing.
///
/// Tests run in parallel in one process: a file this process is writing is inherited, open for
/// writing, by any child another test forks at that moment, until that child execs. If `git` tries to
/// exec the file meanwhile it fails with ETXTBSY ("cannot exec 'hooks/update': Text file busy") and
/// refuses the push. `install(1)`, a process of its own, writes the file instead, so no test's child can
/// inherit a descriptor of it.
public enum ExecutableFile {
    /// Writes `contents` to `target` with mode 0755 (replacing it).
    public static func write(_ contents: Data, to target: URL) throws {
        try TestProcess.check("install", ["-m", "0755", "/dev/stdin", target.path], input: contents)
    }

    /// Copies `source` to `target` with mode 0755 (replacing it).
    public static func copy(_ source: URL, to target: URL) throws {
        try TestProcess.check("install", ["-m", "0755", source.path, target.path])
    }
}
