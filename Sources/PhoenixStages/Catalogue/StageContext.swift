import Foundation
import PhoenixCore
import PhoenixDrivers

/// Everything an apply may use. Side effects only through `driver`.
public struct StageContext: Sendable {
    /// The host driver.
    public var driver: any HostDriver
    /// Settings of this run.
    public var settings: StageSettings
    /// The snapshot the render came from (for stages whose apply needs the model, e.g. guest ids).
    public var snapshot: ConfigSnapshot
    /// What this stage applied last time (empty on a first run): files in here and not in the new
    /// render are ours to remove; nothing else is ever removed.
    public var previous: [AppliedArtifact]
    /// Whether `previous` was recorded by this watcher's own applies. False when the watermarks were
    /// rebuilt from the status branch (anyone who can push there could have written them): the
    /// digests still serve to compare, but no file is removed on their word.
    public var previousIsTrusted: Bool
    /// Whether commands from the repository may run without being on the settings' allow-list
    /// (the watcher verifies the signature of the commit it applies: `verify: head`).
    public var commandsConsented: Bool
    /// The time of the run (certificate expiry decisions use it; injected for tests).
    public var now: Date
    /// Receives one line per notable action (already free of secrets).
    public var log: @Sendable (String) -> Void

    /// Creates a context.
    public init(
        driver: any HostDriver, settings: StageSettings, snapshot: ConfigSnapshot, previous: [AppliedArtifact] = [],
        previousIsTrusted: Bool = true, now: Date = Date(), commandsConsented: Bool = false,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.previousIsTrusted = previousIsTrusted
        self.commandsConsented = commandsConsented
        self.driver = driver
        self.settings = settings
        self.snapshot = snapshot
        self.previous = previous
        self.now = now
        self.log = log
    }
}
