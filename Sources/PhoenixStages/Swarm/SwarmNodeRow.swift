import Foundation

/// One line of `docker node ls --format '{{json .}}'`.
struct SwarmNodeRow: Sendable, Hashable {
    /// Node id.
    var id: String
    /// Hostname.
    var hostname: String
    /// `Ready`, `Down`, `Unknown`, ...
    var status: String
    /// `Leader`, `Reachable`, `Unreachable`, or empty for workers.
    var managerStatus: String

    /// Whether the node is up.
    var isReady: Bool { status.lowercased() == "ready" }

    /// Parses the JSON lines; a line that is not a node object is an error (never guessed around).
    static func parse(_ text: String) throws -> [SwarmNodeRow] {
        try text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return nil }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any],
                let id = object["ID"] as? String, let hostname = object["Hostname"] as? String
            else {
                throw SwarmOutputError(command: "docker node ls", output: String(trimmed.prefix(200)))
            }
            return SwarmNodeRow(
                id: id, hostname: hostname, status: object["Status"] as? String ?? "",
                managerStatus: object["ManagerStatus"] as? String ?? "")
        }
    }
}

/// A docker command answered in a shape the swarm stage does not understand.
struct SwarmOutputError: Error, CustomStringConvertible {
    /// The command (without secrets).
    var command: String
    /// The start of what it printed.
    var output: String

    var description: String { "unexpected output from \(command): \(output.debugDescription)" }
}
