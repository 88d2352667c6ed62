/// The renewal window the config sets (`step_ca.renew_before`), as the `desiredState` artifact
/// `certificates-policy/renewal` at the host: rendered only when the config sets it, so a change of
/// the window selects the stage without changing (and so re-issuing) any entry.
struct RenewalPolicy: Sendable, Hashable, Codable {
    /// As written (`8h`).
    var renewBefore: String
    /// In seconds (the apply uses this instead of `settings.certificateRenewBefore`).
    var renewBeforeSeconds: Double

    private enum CodingKeys: String, CodingKey {
        case renewBefore = "renew_before"
        case renewBeforeSeconds = "renew_before_seconds"
    }
}
