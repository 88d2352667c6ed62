import Foundation

/// VM access through the QEMU guest agent (`qm guest exec`).
extension ProxmoxDriver {
    /// `qm guest exec <id> --timeout <s> [--pass-stdin 1] -- argv…`, JSON parsed into a result.
    /// - Throws: `commandTimedOut` when qm answers without an exit code (the command outlived the
    ///   timeout), `guestUnavailable` for a stopped/missing VM or absent agent, `unexpectedOutput` for
    ///   anything that is not the documented JSON.
    func guestExec(_ argv: [String], id: Int, stdin: Data?) async throws -> CommandResult {
        let location = Location.vm(id)
        if let stdin, stdin.count > Self.guestStdinLimit {
            throw DriverError.contentTooLarge(
                path: "<stdin>", location: location, bytes: stdin.count, limit: Self.guestStdinLimit)
        }
        let seconds = Self.mayPullImages(argv) ? options.slowGuestExecTimeoutSeconds : options.guestExecTimeoutSeconds
        var qmArgv = [options.qm, "guest", "exec", String(id), "--timeout", String(seconds)]
        if stdin != nil { qmArgv += ["--pass-stdin", "1"] }
        qmArgv += ["--"] + argv
        // qm itself gets a margin over the guest timeout to collect the answer.
        let result = try await guestTool(
            .qm, Array(qmArgv.dropFirst()), guest: location, stdin: stdin, timeout: .seconds(seconds + 30))
        guard result.succeeded else {
            if let unavailable = Self.unavailability(result, location) { throw unavailable }
            // qemu-ga cannot spawn it: "Agent error: Failed to execute child process “docker” (No such
            // file or directory)". Not the command's own "No such …" answer.
            if result.stderrText.contains("Failed to execute child process") {
                throw DriverError.executableNotFound(name: argv[0], location: location)
            }
            throw commandFailed(qmArgv, location, result)
        }
        guard let reply = GuestExecReply.parse(result.stdout) else {
            throw DriverError.unexpectedOutput(
                argv: redactor.argv(argv), location: location, reason: "qm guest exec did not answer with its JSON object")
        }
        guard reply.exited else {
            throw DriverError.commandTimedOut(argv: redactor.argv(argv), location: location, seconds: Double(seconds))
        }
        if reply.outTruncated || reply.errTruncated {
            // qemu-ga keeps at most 16 MiB of each stream; a cut `cat` must never pass for the file.
            throw DriverError.unexpectedOutput(
                argv: redactor.argv(argv), location: location,
                reason: "the guest agent truncated the command's \(reply.outTruncated ? "stdout" : "stderr") (qemu-ga keeps at most 16 MiB)")
        }
        let stdout = GuestExecReply.bytes(reply.outData)
        let stderr = GuestExecReply.bytes(reply.errData)
        if let code = reply.exitCode {
            return CommandResult(exitCode: code, stdout: stdout, stderr: stderr, terminationSignal: reply.signal)
        }
        if let signal = reply.signal {
            return CommandResult(exitCode: 128 + signal, stdout: stdout, stderr: stderr, terminationSignal: signal)
        }
        throw DriverError.unexpectedOutput(
            argv: redactor.argv(argv), location: location, reason: "qm guest exec reported exit without an exit code")
    }

    /// Commands that may pull an image first (`docker run`, `docker pull`, `docker stack deploy`,
    /// `docker service update`, `docker compose`): they get `slowGuestExecTimeoutSeconds`.
    static func mayPullImages(_ argv: [String]) -> Bool {
        guard argv.first.map({ GuestPath.lastComponent(of: $0) }) == "docker" else { return false }
        let words = argv.dropFirst().filter { !$0.hasPrefix("-") }
        guard let verb = words.first else { return false }
        switch verb {
        case "run", "pull", "compose": return true
        case "stack": return words.dropFirst().first == "deploy"
        case "service": return words.dropFirst().first.map { ["update", "create"].contains($0) } ?? false
        default: return false
        }
    }

    /// `cat <path>` through the agent; a "No such file or directory" failure means nil.
    func machineRead(_ path: String, id: Int) async throws -> Data? {
        let location = Location.vm(id)
        let argv = ["cat", path]
        let result = try await guestExec(argv, id: id, stdin: nil)
        guard result.succeeded else {
            if result.stderrText.contains("No such file or directory") { return nil }
            throw commandFailed(argv, location, result)
        }
        return result.stdout
    }

    /// The fixed `guestWriteScript` with the content on stdin.
    func machineWrite(_ path: String, contents: Data, mode: Int, owner: FileOwner?, id: Int) async throws {
        let location = Location.vm(id)
        guard contents.count <= Self.guestStdinLimit else {
            throw DriverError.contentTooLarge(
                path: path, location: location, bytes: contents.count, limit: Self.guestStdinLimit)
        }
        var argv = ["sh", "-c", Self.guestWriteScript, "sh", path, octalMode(mode)]
        if let owner { argv.append(owner.chownArgument) }
        let result = try await guestExec(argv, id: id, stdin: contents)
        guard result.succeeded else { throw commandFailed(argv, location, result) }
    }
}
