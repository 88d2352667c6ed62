/// The events a notification target can subscribe to (`events` of a target in the settings).
public enum NotificationEvent: String, Sendable, Hashable, Codable, CaseIterable {
    /// A run for the tracked branch ended with a failed stage or an engine error.
    case runFailed = "run-failed"
    /// The first successful run for the tracked branch after a failed, invalid, refused or errored one.
    case runRecovered = "run-recovered"
    /// A drift check found drift not reported before.
    case driftDetected = "drift-detected"
    /// A self-heal re-apply succeeded.
    case driftHealed = "drift-healed"
    /// The anti-flapping guard stopped self-heal for a stage.
    case selfHealStopped = "self-heal-stopped"
    /// The tip of the tracked branch was refused: invalid configuration, or a signature the policy rejects.
    case tipRefused = "tip-refused"
    /// The time-driven certificates run renewed certificates.
    case certificateRenewed = "certificate-renewed"
}
