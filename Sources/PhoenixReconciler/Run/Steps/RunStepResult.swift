import PhoenixEngine
/// What a step tells the run: go on, or the run is over with this result.
enum RunStepResult {
    /// The next step runs.
    case next
    /// The run ends here.
    case done(RunResult)
}
