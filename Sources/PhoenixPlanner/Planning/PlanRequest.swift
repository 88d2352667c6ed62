import PhoenixCore
import PhoenixGit
import PhoenixStages

/// What a ``RunPlanner`` plans from.
public struct PlanRequest: Sendable {
    /// The mirror holding `target` and every watermark commit that still exists.
    public var repository: Repository
    /// The commit to apply.
    public var target: ObjectID
    /// The configuration at `target`, loaded and validated (no error findings).
    public var snapshot: ConfigSnapshot
    /// Where the config files and stacks live in the repository.
    public var layout: ConfigLayout
    /// Operator settings the stages read.
    public var settings: StageSettings
    /// The stages.
    public var catalogue: StageCatalogue
    /// Per stage, the commit it was last applied at; a stage missing here was never applied, or its
    /// commit no longer exists (history rewritten): the plan then compares rendered output only.
    public var bases: [StageID: ObjectID]
    /// Per stage, what it applied last (digests), for "inputs changed, output identical".
    public var applied: [StageID: [AppliedArtifact]]
    /// Parsed documents by blob id, kept across runs (nil: the plan keeps its own).
    public var documents: ParsedBlobCache?

    /// Creates a request.
    public init(
        repository: Repository, target: ObjectID, snapshot: ConfigSnapshot, layout: ConfigLayout,
        settings: StageSettings, catalogue: StageCatalogue, bases: [StageID: ObjectID],
        applied: [StageID: [AppliedArtifact]], documents: ParsedBlobCache? = nil
    ) {
        self.documents = documents
        self.repository = repository
        self.target = target
        self.snapshot = snapshot
        self.layout = layout
        self.settings = settings
        self.catalogue = catalogue
        self.bases = bases
        self.applied = applied
    }
}
