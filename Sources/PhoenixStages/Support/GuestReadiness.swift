import PhoenixDrivers

/// Checks that a guest runs before a stage sends it commands, so a stopped or missing guest is a
/// clear `StageError.guestNotReady` naming it (the original's `qm status` gate was true for stopped
/// guests too).
enum GuestReadiness {
    /// Throws `guestNotReady` unless `location` is running.
    static func require(_ location: Location, _ label: String, stage: StageID, driver: any HostDriver) async throws {
        let state = try await driver.guestState(location)
        guard state == .running else {
            throw StageError.guestNotReady(stage, guest: "\(location) (\(label))", state: state.description)
        }
    }
}
