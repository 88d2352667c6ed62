import PhoenixDrivers

/// The first question of every observation inside a guest: does it run? A stopped, missing or
/// unreachable guest makes what is in it `unknown` (never in sync, never drifted).
enum GuestObservation {
    /// Nil when `location` runs (the host always does); else the `unknown` item for `object`.
    static func unavailable(_ location: Location, object: String, driver: any HostDriver) async -> DriftItem? {
        guard location != .host else { return nil }
        do {
            let state = try await driver.guestState(location)
            guard state == .running else {
                return .unknown(location, object, "\(location) is \(state); not checked")
            }
            return nil
        } catch {
            return .unknown(location, object, "the state of \(location) could not be read: \(driver.redactor.text("\(error)"))")
        }
    }

    /// The `unknown` item for a probe that failed (a command error, an answer not understood).
    static func failed(_ location: Location, object: String, _ error: any Error, driver: any HostDriver) -> DriftItem {
        .unknown(location, object, "not checked: \(driver.redactor.text("\(error)"))")
    }
}
