/// Thrown by a ``StageRunner`` context factory to stop the run before the next stage (the watcher is
/// shutting down): that stage and its dependents are `notRun` with `reason`; the stage in progress had
/// finished.
public struct StageRunStopped: Error, CustomStringConvertible {
    /// Why (`the watcher is shutting down`).
    public let reason: String

    /// A stop with its reason.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
