/// What self-heal did (or refused to do) about one drifted stage.
public struct HealNote: Sendable, Hashable, Codable {
    /// The action.
    public enum Action: String, Sendable, Hashable, Codable {
        /// Re-applied from the stage's own watermark by run `runID` (its result is in `result`).
        case reapplied
        /// Not re-applied: the same object drifted again too often (the anti-flapping guard); see
        /// `message`. Self-heal resumes when the stage is found in sync or is applied from a new commit.
        case suspended
    }

    /// What happened.
    public var action: Action
    /// The run that re-applied the stage.
    public var runID: RunID?
    /// How that run ended (nil while it was not finished yet).
    public var result: StageResultKind?
    /// For people.
    public var message: String

    /// Creates a note.
    public init(action: Action, runID: RunID? = nil, result: StageResultKind? = nil, message: String) {
        self.action = action
        self.runID = runID
        self.result = result
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case action, result, message
        case runID = "run_id"
    }
}
