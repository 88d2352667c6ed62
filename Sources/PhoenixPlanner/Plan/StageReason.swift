import PhoenixCore
import PhoenixStages

/// Why a stage was selected: one changed input (file, and JSON pointer for config files) and the rule
/// of the stage that reads it. The causal trace file → pointer → rule → stage of DESIGN §1.
public struct StageReason: Sendable, Hashable {
    /// The repository-relative file that changed.
    public var path: String
    /// The changed JSON pointer (nil for a stack file).
    public var pointer: JSONPointer?
    /// The pointer with identities for matched array elements (`/vms/vmid=1001/name`), for people.
    public var identityPath: String?
    /// `added`, `removed`, `changed` for a pointer; the file status (`added`, `modified`, `deleted`) for a stack file.
    public var change: String
    /// The rule that matched (`phoenix_lxc_configs.json#/lxc_configs/*/name`).
    public var rule: String
    /// Why the stage reads it, from the rule.
    public var why: String

    /// Creates a reason.
    public init(path: String, pointer: JSONPointer?, identityPath: String?, change: String, rule: String, why: String) {
        self.path = path
        self.pointer = pointer
        self.identityPath = identityPath
        self.change = change
        self.rule = rule
        self.why = why
    }

    /// The reason for `input` matched by `rule`.
    public init(_ input: ChangeInput, rule: InputRule) {
        switch input {
        case .json(_, let path, let change):
            self.init(
                path: path, pointer: change.pointer, identityPath: change.identityPath, change: change.kind.rawValue,
                rule: rule.description, why: rule.reason)
        case .stackFile(let path, _, let status), .unread(let path, let status):
            self.init(path: path, pointer: nil, identityPath: nil, change: status, rule: rule.description, why: rule.reason)
        }
    }

    /// `config/x.json /lxc_configs/220/name changed → rule: why` (the identity path when there is one).
    public var summary: String {
        var text = path
        if let pointer, !pointer.isRoot { text += " " + (identityPath ?? pointer.description) }
        text += " \(change) → \(rule): \(why)"
        return text
    }
}
