/// `/status` before the watcher's first run: there is no `state.json` yet.
public struct StatusUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
    /// The state folder that holds no state yet.
    public var stateDirectory: String

    /// Creates the error.
    public init(stateDirectory: String) {
        self.stateDirectory = stateDirectory
    }

    /// A sentence for the operator.
    public var description: String { "no run has happened yet (no state in \(stateDirectory))" }
}
