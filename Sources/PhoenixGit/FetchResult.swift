/// What a fetch changed locally.
public struct FetchResult: Sendable, Hashable {
    /// One local reference that moved.
    public struct RefUpdate: Sendable, Hashable {
        /// The local reference, e.g. `refs/remotes/origin/main`.
        public let ref: String
        /// Where it pointed before; nil when it was created by this fetch.
        public let oldID: ObjectID?
        /// Where it points now; nil when it was deleted.
        public let newID: ObjectID?

        /// Creates a value.
        public init(ref: String, oldID: ObjectID?, newID: ObjectID?) {
            self.ref = ref
            self.oldID = oldID
            self.newID = newID
        }
    }

    /// The references that moved; empty when the fetch brought nothing new.
    public let updates: [RefUpdate]
    /// Objects received from the remote (0 when nothing was new).
    public let receivedObjects: Int
    /// Bytes received (libgit2 reports 0 over git:// and file://, so treat it as informational).
    public let receivedBytes: Int

    /// Creates a value.
    public init(updates: [RefUpdate], receivedObjects: Int, receivedBytes: Int) {
        self.updates = updates
        self.receivedObjects = receivedObjects
        self.receivedBytes = receivedBytes
    }

    /// True when at least one reference moved.
    public var moved: Bool { !updates.isEmpty }
}
