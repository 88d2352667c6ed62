import Foundation
import PhoenixStages

/// When self-heal repaired one object (within the guard's window; older times are dropped).
public struct RepairRecord: Sendable, Hashable, Codable {
    /// The stage.
    public var stage: StageID
    /// The object's key (`host:/etc/dnsmasq.conf`).
    public var object: String
    /// Repair times, oldest first.
    public var at: [Date]

    /// Creates a record.
    public init(stage: StageID, object: String, at: [Date]) {
        self.stage = stage
        self.object = object
        self.at = at
    }
}
