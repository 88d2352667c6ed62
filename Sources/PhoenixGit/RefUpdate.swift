/// One compare-and-swap update of a remote reference, for `Repository.push(updates:to:credentials:hostKey:)`:
/// point the remote's `destination` at what the local `source` points at, but only if `destination`
/// currently points at `expected` (nil: only if it does not exist yet).
///
/// This is what makes two writers racing on one remote safe: the loser gets
/// ``GitError/Code/tipMoved`` and nothing of its update lands, instead of silently replacing the
/// winner's commit.
public struct RefUpdate: Sendable, Hashable, CustomStringConvertible {
    /// The local reference whose target is pushed (full name, e.g. `refs/heads/phoenix-status`).
    public var source: String
    /// The remote reference to update (full name).
    public var destination: String
    /// What `destination` must point at on the remote for the update to happen; nil means it must not exist.
    public var expected: ObjectID?

    /// Creates an update of `destination` from `source`, conditional on `expected`.
    public init(source: String, destination: String, expected: ObjectID?) {
        self.source = source
        self.destination = destination
        self.expected = expected
    }

    /// `source:destination (expected <sha>|absent)`, for messages.
    public var description: String {
        "\(source):\(destination) (expected \(expected?.short ?? "absent"))"
    }
}
