/// The first line of every rendered file whose format allows comments, so whoever opens the file on
/// the host knows that hand edits are overwritten.
enum ManagedHeader {
    /// `<prefix> Managed by phoenix-gitops (stage <id>); do not edit`.
    static func line(_ stage: StageID, commentPrefix: String = "#") -> String {
        "\(commentPrefix) Managed by phoenix-gitops (stage \(stage)); do not edit"
    }
}
