import Foundation

/// Observed state: what a stage's apply decides from besides files (swarm membership and labels,
/// deployed stacks, agent containers, certificates). File artifacts are compared by the engine for
/// every stage alike (digest of what is at the destination against the applied digest); `observe`
/// reports only the rest.
extension Stage {
    /// No observed state: the stage's file artifacts say everything.
    public func observe(_ render: Render, context: StageContext) async throws -> [DriftItem] { [] }

    /// Host files are the node's own (dns, trusted CA, the stacks share, certificates).
    public var writesClusterFileSystem: Bool { false }

    /// Only commits make a stage due.
    public var isTimeDriven: Bool { false }

    /// The whole file is the stage's.
    public func ownedPart(of found: Data, at key: ArtifactKey) -> Data { found }
}
