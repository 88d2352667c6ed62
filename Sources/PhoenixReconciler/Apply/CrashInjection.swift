import Foundation
import PhoenixEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A deterministic crash hook for the crash-recovery tests: when the environment variable
/// `PHOENIX_CRASH_AT` names a point the run reaches, the process sends itself SIGKILL there — the
/// same death as `kill -9` or an OOM kill, with no chance to clean up. Off unless the variable is set.
///
/// Points (comma-separated): `after-fetch`, `after-plan`, `before-stage:<id>`, `after-stage:<id>`
/// (after the stage's state was saved), `after-write:<n>` (after the n-th file write of the process,
/// i.e. in the middle of a stage), `before-publish` (report finished, status not yet committed),
/// `after-push` (status pushed, state not yet updated). See docs/adr/0008-reconciler.md.
public struct CrashInjection: Sendable, Hashable {
    /// The environment variable read by ``fromEnvironment(_:)``.
    public static let environmentVariable = "PHOENIX_CRASH_AT"

    /// The points that kill the process.
    public let points: Set<String>

    /// A hook for `points`.
    public init(points: Set<String> = []) {
        self.points = points
    }

    /// The hook configured by `PHOENIX_CRASH_AT` (none when unset).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> CrashInjection
    {
        let value = environment[environmentVariable] ?? ""
        let points = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return CrashInjection(points: Set(points))
    }

    /// Whether any point is set.
    public var isActive: Bool { !points.isEmpty }

    /// The `n` of `after-write:<n>`, if set.
    public var writeLimit: Int? {
        points.compactMap { point -> Int? in
            guard point.hasPrefix("after-write:") else { return nil }
            return Int(point.dropFirst("after-write:".count))
        }.min()
    }

    /// Kills the process with SIGKILL when `point` is set.
    public func hit(_ point: String) {
        guard points.contains(point) else { return }
        FileHandle.standardError.write(Data("phoenix-gitops: crash injection at \(point)\n".utf8))
        kill(getpid(), SIGKILL)
    }
}
