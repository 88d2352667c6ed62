import Foundation

/// LXC file transfer through `pct exec`, never `pct push` / `pct pull`.
///
/// `pct push` and `pct pull` run the copy as a PVE task: a failed copy ("failed to open …", "failed to
/// get uid for …") is printed on stderr and the CLI still exits 0 (pve-common `RESTEnvironment.pm`
/// `tee_worker`, `CLIHandler.pm` `exit 0`), and `pull` has already created an empty destination. Their
/// exit status says nothing, so files travel through `pct exec`, whose status is the command's own
/// (`pct.pm` execs `lxc-attach … -- argv`): `cat` to read, the fixed `guestWriteScript` with the
/// content on stdin to write, then `sha256sum` to read the result back.
extension ProxmoxDriver {
    /// `pct exec <id> -- cat -- <path>`; "No such file or directory" means nil.
    func containerRead(_ path: String, id: Int) async throws -> Data? {
        let location = Location.lxc(id)
        return try await catRead(path, at: location) { argv, stdin in try await run(argv, at: location, stdin: stdin) }
    }

    /// `pct exec <id> -- sh -c <guestWriteScript> sh <path> <mode> [owner]` with the content on stdin
    /// (temporary name, mode, owner, rename inside the container), then `sha256sum -- <path>` must give
    /// the digest of what was sent: a write is reported only once the bytes are known to be in place.
    func containerWrite(_ path: String, contents: Data, mode: Int, owner: FileOwner?, id: Int) async throws {
        let location = Location.lxc(id)
        try await scriptWrite(path, contents: contents, mode: mode, owner: owner, at: location) { argv, stdin in
            try await run(argv, at: location, stdin: stdin)
        }
    }
}
