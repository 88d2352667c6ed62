/// Stacks named by `compose_file_path` in `phoenix_stacks_config.json` (the October 2025 layout):
/// which entries there are, where their folders are, and whether a path is safe to read.
///
/// The compose file's folder is the stack's folder: every file below it belongs to the stack (env
/// files, `configs/`), exactly as every file of `stacks/<name>/` does. See docs/real-data.md.
public enum ComposePathStacks {
    /// One `docker_stacks.<name>.compose_file_path` entry with a safe path.
    public struct Entry: Sendable, Hashable {
        /// The stack name (the `docker_stacks` key).
        public var name: String
        /// The value as written (relative to the base folder).
        public var written: String
        /// Repository-relative path of the compose file.
        public var composePath: String
        /// Repository-relative folder of the compose file: the stack's folder.
        public var folder: String
        /// The pointer of the value (`/docker_stacks/<name>/compose_file_path`).
        public var pointer: JSONPointer
    }

    /// The entries of a stacks config document whose path is safe (unsafe ones are left out; the
    /// loader reports them), in file order.
    public static func entries(_ document: JSONValue?, layout: ConfigLayout) -> [Entry] {
        guard let stacks = document?["docker_stacks"]?.objectValue else { return [] }
        var result: [Entry] = []
        for member in stacks.members {
            guard let written = member.value["compose_file_path"]?.stringValue, problem(written) == nil else { continue }
            let composePath = layout.pathInBase(normalized(written))
            guard let slash = composePath.lastIndex(of: "/") else { continue }
            result.append(
                Entry(
                    name: member.key, written: written, composePath: composePath,
                    folder: String(composePath[..<slash]),
                    pointer: JSONPointer(tokens: ["docker_stacks", member.key, "compose_file_path"])))
        }
        return result
    }

    /// Why `path` cannot name a compose file inside the repository, or nil when it can: it must be
    /// relative, without `.`/`..` components, control characters or backslashes, and inside a folder.
    public static func problem(_ path: String) -> String? {
        if path.isEmpty { return "is empty" }
        if path.hasPrefix("/") { return "is absolute; write it relative to the configuration's base folder" }
        if path.contains("\\") || path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "contains a backslash or a control character"
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        if parts.contains(where: { $0 == ".." }) { return "contains \"..\", which could leave the repository" }
        if parts.count < 2 { return "names no folder; a stack's compose file must sit in its own folder" }
        return nil
    }

    /// The path without empty and `.` components.
    static func normalized(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }
}
