/// Where every guest of the cluster runs, read once (one `pvesh get /cluster/resources`) and kept until
/// the next run starts (`ProxmoxDriver.beginRun()`), it is older than `maxAge` (a safety net for an
/// engine that does not call `beginRun`), or a node answers that a guest is not there (it migrated):
/// then the list is read again, once.
///
/// An actor so that stages running at the same time share one load instead of each calling pvesh.
public actor ClusterRouter {
    private var placements: [Location: GuestPlacement]?
    private var loadedAt: ContinuousClock.Instant?
    private let maxAge: Duration
    private var loading: Task<[Location: GuestPlacement], any Error>?
    /// How many times the resource list was read (for tests and figures).
    public private(set) var loads = 0
    /// The node each guest operation of this run went to (what the run report records).
    private var routed: [Location: String] = [:]

    /// Creates an empty router (the first guest operation loads the list).
    public init(maxAge: Duration = .seconds(30)) {
        self.maxAge = maxAge
    }

    /// The placement of `location`, loading the list with `load` when it is not known yet.
    func placement(
        of location: Location, load: @escaping @Sendable () async throws -> [GuestPlacement]
    ) async throws -> GuestPlacement? {
        try await current(load: load)[location]
    }

    /// A run starts: the list is read again at its first guest operation and nothing is routed yet.
    public func startRun() {
        routed = [:]
        invalidate()
    }

    /// Notes that an operation on `location` ran on `node`.
    func noteRouted(_ location: Location, to node: String) {
        routed[location] = node
    }

    /// The node of every guest operated on since the run started (the last one, if a guest migrated).
    public func routedGuests() -> [Location: String] {
        routed
    }

    /// Forgets the list (a new run starts, or a node said a guest is not there).
    public func invalidate() {
        placements = nil
        loading = nil
    }

    private func current(load: @escaping @Sendable () async throws -> [GuestPlacement]) async throws
        -> [Location: GuestPlacement]
    {
        if let placements, let loadedAt, ContinuousClock.now - loadedAt < maxAge { return placements }
        if loading == nil { placements = nil }
        if let loading { return try await loading.value }
        let task = Task { () async throws -> [Location: GuestPlacement] in
            var map: [Location: GuestPlacement] = [:]
            for placement in try await load() { map[placement.location] = placement }
            return map
        }
        loading = task
        loads += 1
        do {
            let map = try await task.value
            if loading == task { placements = map; loadedAt = .now; loading = nil }
            return map
        } catch {
            if loading == task { loading = nil }
            throw error
        }
    }
}
