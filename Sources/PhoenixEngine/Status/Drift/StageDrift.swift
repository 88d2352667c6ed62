import PhoenixGit
import PhoenixStages

/// One stage in a drift report: what it was compared against, how it compares, and each difference.
public struct StageDrift: Sendable, Hashable, Codable {
    /// The stage.
    public var stage: StageID
    /// In sync, drifted, unknown or not checked.
    public var status: StageDriftStatus
    /// The stage's watermark: the commit whose render was the expectation.
    public var commit: ObjectID?
    /// How many rendered files were compared.
    public var filesChecked: Int
    /// Differences, and what could not be checked (objects found equal are not listed).
    public var items: [DriftItem]
    /// Why it was not checked, or what the operator should know about the comparison.
    public var notes: [String]
    /// What self-heal did about it (nil: self-heal off, or nothing drifted).
    public var heal: HealNote?

    /// Creates an entry.
    public init(
        stage: StageID, status: StageDriftStatus, commit: ObjectID? = nil, filesChecked: Int = 0, items: [DriftItem] = [],
        notes: [String] = [], heal: HealNote? = nil
    ) {
        self.stage = stage
        self.status = status
        self.commit = commit
        self.filesChecked = filesChecked
        self.items = items
        self.notes = notes
        self.heal = heal
    }

    /// The status the items give: any drifted item → drifted, else anything not checked → unknown.
    public static func status(of items: [DriftItem]) -> StageDriftStatus {
        if items.contains(where: { $0.state == .drifted }) { return .drifted }
        if !items.isEmpty { return .unknown }
        return .inSync
    }

    /// The drifted items.
    public var drifted: [DriftItem] { items.filter { $0.state == .drifted } }

    enum CodingKeys: String, CodingKey {
        case stage, status, commit, items, notes, heal
        case filesChecked = "files_checked"
    }
}
