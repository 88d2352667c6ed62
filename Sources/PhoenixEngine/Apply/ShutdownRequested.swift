/// Thrown by the context factory when the watcher is shutting down: the stage in progress finished,
/// the next one is not started.
struct ShutdownRequested: Error, CustomStringConvertible {
    var description: String { "the watcher is shutting down" }
}
