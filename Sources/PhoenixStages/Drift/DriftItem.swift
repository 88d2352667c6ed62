import PhoenixDrivers

/// One thing on the target that is not what the stage last applied, or that could not be checked.
///
/// Items are what a drift report lists: a file whose bytes differ, a missing swarm label, an
/// undeployed stack, a certificate inside its renewal window. Objects found equal are not items.
/// The identity of an item (`location` + `object`) is stable across checks, so the engine can tell
/// when the same object drifts again (the self-heal guard counts by it).
public struct DriftItem: Sendable, Hashable, Codable {
    /// What the check found for the object.
    public enum State: String, Sendable, Hashable, Codable {
        /// The object differs from what was applied (or is missing).
        case drifted
        /// The object could not be checked now: its guest is stopped or missing, a probe failed.
        case unknown
        /// The driver cannot observe this object at all (the local driver does not run guest
        /// commands). Never taken as "in sync".
        case unobserved
    }

    /// Drifted, unknown or unobserved.
    public var state: State
    /// Where the object is.
    public var location: Location
    /// The object: an absolute path for files, else a stable name (`swarm node swarm-worker-1 label zone`).
    public var object: String
    /// What is different, or why it could not be checked, for people (no secrets).
    public var message: String
    /// For a file: the unified diff from the applied bytes to the bytes found (when both are known).
    /// Shown only on the terminal of whoever runs `drift`: it is removed (`withoutContents`) before
    /// a report is stored in state.json or recorded on the status branch, since the target may hold
    /// values that were never in git (a password rotated on the host).
    public var diff: String?
    /// For a file: the SHA-256 of the bytes last applied.
    public var appliedSHA256: String?
    /// For a file: the SHA-256 of the bytes found (nil: missing).
    public var foundSHA256: String?

    /// Creates an item.
    public init(
        state: State, location: Location, object: String, message: String, diff: String? = nil,
        appliedSHA256: String? = nil, foundSHA256: String? = nil
    ) {
        self.state = state
        self.location = location
        self.object = object
        self.message = message
        self.diff = diff
        self.appliedSHA256 = appliedSHA256
        self.foundSHA256 = foundSHA256
    }

    /// The item without its diff: what may leave the host (digests say which file changed, not how).
    public var withoutContents: DriftItem {
        var copy = self
        copy.diff = nil
        return copy
    }

    enum CodingKeys: String, CodingKey {
        case state, location, object, message, diff
        case appliedSHA256 = "applied_sha256", foundSHA256 = "found_sha256"
    }

    /// An object that differs from what was applied.
    public static func drifted(_ location: Location, _ object: String, _ message: String, diff: String? = nil) -> DriftItem {
        DriftItem(state: .drifted, location: location, object: object, message: message, diff: diff)
    }

    /// An object that could not be checked now.
    public static func unknown(_ location: Location, _ object: String, _ message: String) -> DriftItem {
        DriftItem(state: .unknown, location: location, object: object, message: message)
    }

    /// An object the driver cannot observe.
    public static func unobserved(_ location: Location, _ object: String, _ message: String) -> DriftItem {
        DriftItem(state: .unobserved, location: location, object: object, message: message)
    }

    /// `lxc 101:/etc/x` or `vm 310:swarm node a`: the object's identity across checks.
    public var key: String { "\(location):\(object)" }

    /// The reason the local driver gives for everything it cannot observe.
    public static let localDriverReason = "the local driver cannot observe guests (commands are only journalled)"
}
