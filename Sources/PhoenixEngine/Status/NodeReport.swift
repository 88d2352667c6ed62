import PhoenixStages

/// What one stage did on one node of a Proxmox cluster (a host-level stage fanned out to several nodes,
/// or any stage of a watcher with cluster settings; docs/adr/0047-host-stages-on-cluster-nodes.md).
public struct NodeReport: Sendable, Hashable, Codable {
    /// The Proxmox node.
    public var node: String
    /// How the stage ended there.
    public var result: StageResultKind
    /// Destinations written there.
    public var written: [String]
    /// Destinations removed there.
    public var removed: [String]
    /// Commands that changed something there (argv, redacted).
    public var actions: [[String]]
    /// The error there, redacted.
    public var error: String?
    /// The kind of that error (nil when it succeeded).
    public var failureKind: FailureKind?

    /// A node's report.
    public init(
        node: String, result: StageResultKind, written: [String] = [], removed: [String] = [], actions: [[String]] = [],
        error: String? = nil, failureKind: FailureKind? = nil
    ) {
        self.node = node
        self.result = result
        self.written = written
        self.removed = removed
        self.actions = actions
        self.error = error
        self.failureKind = failureKind
    }

    enum CodingKeys: String, CodingKey {
        case node, result, written, removed, actions, error
        case failureKind = "failure_kind"
    }

    /// One line for people: `b: failed (ssh: connect to host … refused)`, `a: succeeded, 2 written`.
    public var summary: String {
        switch result {
        case .succeeded:
            var parts = ["\(node): succeeded"]
            if !written.isEmpty { parts.append("\(written.count) written") }
            if !actions.isEmpty { parts.append("\(actions.count) actions") }
            return parts.joined(separator: ", ")
        default:
            let kind = failureKind.map { " (\($0.rawValue))" } ?? ""
            return "\(node): \(result.rawValue)\(kind)" + (error.map { ": \($0)" } ?? "")
        }
    }
}
