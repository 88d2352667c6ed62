/// Metadata keys shared by every module's log lines, so one grep (`run_id=...`) finds a whole run.
public enum LogMetadataKey {
    /// The id of the reconcile run a line belongs to. Every line a run writes carries it.
    public static let runID = "run_id"
    /// A stage id.
    public static let stage = "stage"
    /// A commit id.
    public static let commit = "commit"
    /// A webhook provider.
    public static let provider = "provider"
    /// A webhook sender's delivery id.
    public static let delivery = "delivery"
}
