import PhoenixCore

/// A change no stage applies, reported instead of silently dropped (DESIGN §3): create-time keys of a
/// guest, guests added or removed, host setup keys, keys phoenix-gitops ignores, unread files.
public struct PlanNotice: Sendable, Hashable {
    /// The kind of notice. The raw values are the `kind` strings of docs/plan-format.md.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Keys of an existing guest that only `phoenix create/converge` applies (cores, memory, mounts, ...).
        case needsConverge = "needs-converge"
        /// A guest appeared in the config; sync configures around it but does not create it.
        case guestAdded = "guest-added"
        /// A guest left the config; sync stops rendering it but does not destroy it.
        case guestRemoved = "guest-removed"
        /// Global keys applied by host setup (`phoenix setup`), not by sync (zfs, nfs, users, ...).
        case hostSetup = "host-setup"
        /// A key that phoenix-gitops ignores on purpose (see `IgnoredKeyRule`).
        case ignoredKey = "ignored-key"
        /// A file or key that no stage reads.
        case notRead = "not-read"
        /// A stage's recorded base commit is not in the repository; the stage was planned from scratch.
        case unknownBase = "unknown-base"
    }

    /// The kind.
    public var kind: Kind
    /// The repository-relative file concerned.
    public var file: String?
    /// The guest concerned (CTID or VMID), if any.
    public var guest: Int?
    /// The changed pointers grouped in this notice.
    public var pointers: [JSONPointer]
    /// A sentence for the operator.
    public var message: String

    /// Creates a notice.
    public init(kind: Kind, file: String?, guest: Int?, pointers: [JSONPointer], message: String) {
        self.kind = kind
        self.file = file
        self.guest = guest
        self.pointers = pointers
        self.message = message
    }
}
