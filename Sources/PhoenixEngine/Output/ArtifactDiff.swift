import Foundation
import PhoenixPlanner

/// The unified diff of one artifact change, labelled by render-folder path (`a/host/etc/dnsmasq.conf`).
public enum ArtifactDiff {
    /// The diff text, or nil when the previous bytes are not known (only their digest was recorded).
    public static func text(_ artifact: ArtifactChange, context: Int = 3) -> String? {
        if artifact.change != .added && artifact.oldContents == nil { return nil }
        let label = ArtifactPlacement.label(of: artifact.key, stage: artifact.stage)
        return UnifiedDiff.text(
            old: artifact.oldContents, new: artifact.newContents, oldLabel: "a/" + label, newLabel: "b/" + label,
            context: context)
    }
}
