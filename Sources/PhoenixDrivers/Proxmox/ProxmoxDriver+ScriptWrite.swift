import Crypto
import Foundation

extension ProxmoxDriver {
    /// Writes through the fixed ``guestWriteScript`` with the bytes on stdin (temporary name, mode, owner,
    /// rename), then reads the digest back with `sha256sum`: a write is reported only once the bytes are
    /// known to be in place. One way for a container (`pct exec`) and another node's host (`ssh`); `run`
    /// is how a command reaches that place, `node` (when remote) prefixes the errors.
    func scriptWrite(
        _ target: String, contents: Data, mode: Int, owner: FileOwner?, at location: Location, node: String? = nil,
        run: (_ argv: [String], _ stdin: Data?) async throws -> CommandResult
    ) async throws {
        var argv = ["sh", "-c", Self.guestWriteScript, "sh", target, octalMode(mode)]
        if let owner { argv.append(owner.chownArgument) }
        let result = try await run(argv, contents)
        guard result.succeeded else { throw scriptFailure(argv, location, result, node: node) }
        let check = ["sha256sum", "--", target]
        let digest = try await run(check, nil)
        guard digest.succeeded else { throw scriptFailure(check, location, digest, node: node) }
        let expected = Self.sha256Hex(contents)
        let found = digest.stdoutText.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        guard found.lowercased() == expected else {
            throw DriverError.unexpectedOutput(
                argv: redactor.argv(check), location: location,
                reason: (node.map { "node \($0): " } ?? "")
                    + "\(target) does not hold the bytes just written (sha256 \(found.isEmpty ? "unreadable" : found), expected \(expected))")
        }
    }

    /// `cat -- <target>` where `run` reaches (a container, another node's host); "No such file or
    /// directory" means nil.
    func catRead(
        _ target: String, at location: Location, node: String? = nil,
        run: (_ argv: [String], _ stdin: Data?) async throws -> CommandResult
    ) async throws -> Data? {
        let argv = ["cat", "--", target]
        let result = try await run(argv, nil)
        guard result.succeeded else {
            if result.stderrText.contains("No such file or directory") { return nil }
            throw scriptFailure(argv, location, result, node: node)
        }
        return result.stdout
    }

    /// Lower-case hex SHA-256 of `data`, as `sha256sum` prints it.
    static func sha256Hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private func scriptFailure(_ argv: [String], _ location: Location, _ result: CommandResult, node: String?) -> DriverError {
        .commandFailed(
            argv: redactor.argv(argv), location: location, exitCode: result.exitCode,
            stderrTail: (node.map { "node \($0): " } ?? "") + redactor.text(result.diagnosticTail()))
    }
}
