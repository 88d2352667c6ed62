import Foundation

/// A driver whose file operations are limited to operator-set roots: a path outside every root at
/// its location is refused with `DriverError.outsideRoots` before the wrapped driver sees it.
/// Commands and guest states pass through unchanged.
///
/// This is the generic form of `HostDriver.confined(to:)`: it checks paths by their text only.
/// Drivers that touch local files (`LocalDriver`, `ProxmoxDriver` on the host) also open below the
/// roots without following symlinks, and wrap themselves in this for the remaining locations.
public struct ConfinedDriver: HostDriver {
    /// The driver doing the work.
    public let base: any HostDriver
    /// What may be touched.
    public let roots: PathRoots

    /// Wraps `base`.
    public init(base: any HostDriver, roots: PathRoots) {
        self.base = base
        self.roots = roots
    }

    public var redactor: Redactor { base.redactor }
    public var observesGuests: Bool { base.observesGuests }

    public func readFile(_ path: String, at location: Location) async throws -> Data? {
        try await base.readFile(try check(path, location), at: location)
    }

    public func writeFile(_ path: String, contents: Data, mode: Int, owner: String?, at location: Location) async throws {
        try await base.writeFile(try check(path, location), contents: contents, mode: mode, owner: owner, at: location)
    }

    public func removeFile(_ path: String, at location: Location) async throws {
        try await base.removeFile(try check(path, location), at: location)
    }

    public func listFiles(in directory: String, at location: Location) async throws -> [String] {
        try await base.listFiles(in: try check(directory, location, allowRoot: true), at: location)
    }

    public func run(_ argv: [String], at location: Location, stdin: Data?) async throws -> CommandResult {
        try await base.run(argv, at: location, stdin: stdin)
    }

    public func guestState(_ location: Location) async throws -> GuestState {
        try await base.guestState(location)
    }

    /// The base's guest placements.
    public func guestNodes() async -> [Location: String] { await base.guestNodes() }

    /// The base's targets, each confined to the same roots.
    public func hostTargets(_ selection: HostSelection) async throws -> [HostTarget] {
        try await base.hostTargets(selection).map { HostTarget(node: $0.node, driver: ConfinedDriver(base: $0.driver, roots: roots)) }
    }

    /// Re-confining replaces the roots (never widens them past what `base` allows).
    public func confined(to roots: PathRoots) -> any HostDriver {
        ConfinedDriver(base: base.confined(to: roots), roots: roots)
    }

    private func check(_ path: String, _ location: Location, allowRoot: Bool = false) throws -> String {
        let normalized = try GuestPath.normalize(path, at: location, allowRoot: allowRoot)
        guard roots.root(containing: normalized, at: location) != nil else {
            throw DriverError.outsideRoots(path: normalized, location: location)
        }
        return normalized
    }
}
