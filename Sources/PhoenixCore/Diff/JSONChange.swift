/// One semantic difference between two JSON documents.
///
/// Pointers: `pointer` is the path in the **new** document for `added` and `changed`, and in the
/// **old** document for `removed`; `oldPointer`/`newPointer` give both sides when they exist (they differ
/// when an identity-matched array element moved). Array elements matched by an identity key appear with
/// their index (so rules like `/vms/*/name` match), and `identity` names the innermost such element
/// (`"vmid=1001"`); `identityPath` is the pointer with identities instead of indices
/// (`/vms/vmid=1001/name`), for people.
public struct JSONChange: Sendable, Hashable, CustomStringConvertible {
    /// What happened at the pointer.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Present only in the new document.
        case added
        /// Present only in the old document.
        case removed
        /// Present in both with different values (a scalar changed, or the type changed).
        case changed
    }

    /// What happened.
    public var kind: Kind
    /// New-document path for `added`/`changed`, old-document path for `removed`.
    public var pointer: JSONPointer
    /// Path in the old document (`nil` for `added`).
    public var oldPointer: JSONPointer?
    /// Path in the new document (`nil` for `removed`).
    public var newPointer: JSONPointer?
    /// The innermost identity-matched element on the path, e.g. `vmid=1001`.
    public var identity: String?
    /// The path with identity tokens (`vmid=1001`) in place of identity-matched indices.
    public var identityPath: String
    /// The old value (`nil` for `added`).
    public var oldValue: JSONValue?
    /// The new value (`nil` for `removed`).
    public var newValue: JSONValue?

    /// Creates a change.
    public init(
        kind: Kind, pointer: JSONPointer, oldPointer: JSONPointer?, newPointer: JSONPointer?, identity: String?,
        identityPath: String, oldValue: JSONValue?, newValue: JSONValue?
    ) {
        self.kind = kind
        self.pointer = pointer
        self.oldPointer = oldPointer
        self.newPointer = newPointer
        self.identity = identity
        self.identityPath = identityPath
        self.oldValue = oldValue
        self.newValue = newValue
    }

    /// `changed /vms/1/name (vmid=1001)`.
    public var description: String {
        let path = pointer.isRoot ? "(root)" : pointer.description
        return identity.map { "\(kind.rawValue) \(path) (\($0))" } ?? "\(kind.rawValue) \(path)"
    }
}
