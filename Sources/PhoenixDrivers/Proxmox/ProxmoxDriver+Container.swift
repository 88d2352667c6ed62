import Foundation

/// LXC file transfer through `pct pull` / `pct push`.
extension ProxmoxDriver {
    /// `pct pull <id> <path> <scratch>`; "failed to open <path>: No such file or directory" means nil.
    func containerRead(_ path: String, id: Int) async throws -> Data? {
        let location = Location.lxc(id)
        let scratch = try ScratchFolder(in: scratchParent, location: location)
        defer { scratch.remove() }
        let destination = scratch.path + "/pulled"
        let argv = [options.pct, "pull", String(id), path, destination]
        let result = try await tool(argv, at: location, stdin: nil)
        guard result.succeeded else {
            if let unavailable = Self.unavailability(result, location) { throw unavailable }
            let text = result.stderrText
            if text.contains("failed to open"), text.contains("No such file or directory") { return nil }
            throw commandFailed(argv, location, result)
        }
        guard let data = FileManager.default.contents(atPath: destination) else {
            throw DriverError.unexpectedOutput(
                argv: redactor.argv(argv), location: location, reason: "pct pull succeeded but wrote no file")
        }
        return data
    }

    /// `mkdir -p` the parent, `pct push` to a temporary name with `--perms` (and `--user`/`--group`),
    /// then `mv -f` over the target inside the container.
    func containerWrite(_ path: String, contents: Data, mode: Int, owner: FileOwner?, id: Int) async throws {
        let location = Location.lxc(id)
        let parent = GuestPath.parent(of: path)
        let temporary = (parent == "/" ? "" : parent) + "/." + GuestPath.lastComponent(of: path) + ".phoenix-tmp"
        if parent != "/" {
            try await runChecked(["mkdir", "-p", parent], at: location)
        }
        let scratch = try ScratchFolder(in: scratchParent, location: location)
        defer { scratch.remove() }
        let local = try scratch.write("push", contents: contents, location: location)
        var argv = [options.pct, "push", String(id), local, temporary, "--perms", octalMode(mode)]
        if let owner {
            argv += ["--user", owner.user]
            if let group = owner.group { argv += ["--group", group] }
        }
        let result = try await tool(argv, at: location, stdin: nil)
        guard result.succeeded else {
            throw Self.unavailability(result, location) ?? commandFailed(argv, location, result)
        }
        try await runChecked(["mv", "-f", temporary, path], at: location)
    }

    var scratchParent: String {
        options.scratchDirectory ?? FileManager.default.temporaryDirectory.path
    }
}
