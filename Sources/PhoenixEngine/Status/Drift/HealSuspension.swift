import Foundation
import PhoenixGit
import PhoenixStages

/// A stage whose self-heal the anti-flapping guard stopped: one of its objects drifted again after
/// `limit` repairs within the window, so something (usually a person) keeps changing it.
public struct HealSuspension: Sendable, Hashable, Codable {
    /// The stage.
    public var stage: StageID
    /// Its watermark when self-heal stopped; a run that moves it (a new commit) lifts the suspension.
    public var commit: ObjectID?
    /// The object that kept drifting.
    public var object: String
    /// Repairs of it within the window when self-heal stopped.
    public var repairs: Int
    /// When self-heal stopped.
    public var since: Date

    /// Creates a suspension.
    public init(stage: StageID, commit: ObjectID?, object: String, repairs: Int, since: Date) {
        self.stage = stage
        self.commit = commit
        self.object = object
        self.repairs = repairs
        self.since = since
    }

    /// The explanation shown in reports.
    public func message(windowSeconds: Double) -> String {
        "self-heal stopped for \(stage): \(object) drifted again after \(repairs) repair(s) within "
            + "\(DurationText.format(seconds: windowSeconds)) (something keeps changing it by hand); it resumes when "
            + "\(stage) is found in sync or is applied from a new commit, or with `phoenix-gitops drift --heal`"
    }
}
