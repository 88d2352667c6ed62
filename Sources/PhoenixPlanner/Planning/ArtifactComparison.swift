import Foundation
import PhoenixStages

/// Compares a new render with what a stage applied before, artifact by artifact (by destination and
/// SHA-256; modes and owners are not compared, as the apply does not rewrite for them either).
enum ArtifactComparison {
    /// The artifacts that differ between `previous` (applied digests, or the base render's) and `new`,
    /// ordered by destination. `base` supplies old bytes where its digest is the previous one.
    static func changes(stage: StageID, previous: [AppliedArtifact], base: Render?, new: Render) -> [ArtifactChange] {
        let old = Dictionary(previous.map { ($0.key, $0.digest) }, uniquingKeysWith: { _, last in last })
        let current = Dictionary(new.artifacts.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        let baseArtifacts = Dictionary((base?.artifacts ?? []).map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        var result: [ArtifactChange] = []
        for key in Set(old.keys).union(current.keys).sorted() {
            let oldDigest = old[key]
            let artifact = current[key]
            let newDigest = artifact?.digest
            guard oldDigest != newDigest else { continue }
            let oldContents = baseArtifacts[key].flatMap { $0.digest == oldDigest ? $0.contents : nil }
            let change: ArtifactChange.Change = oldDigest == nil ? .added : newDigest == nil ? .removed : .modified
            result.append(
                ArtifactChange(
                    stage: stage, key: key, change: change, oldDigest: oldDigest, newDigest: newDigest,
                    oldContents: oldContents, newContents: artifact?.contents, mode: artifact?.mode))
        }
        return result
    }
}
