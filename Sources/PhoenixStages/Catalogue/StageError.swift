import PhoenixCore

/// Why a stage could not be applied.
public enum StageError: Error, Sendable, CustomStringConvertible {
    /// The render has error diagnostics; nothing was applied.
    case renderFailed(StageID, [Diagnostic])
    /// A check of the rendered output by the real tool failed (`dnsmasq --test`, `nginx -t`); the
    /// previous files were left in place.
    case validationFailed(StageID, tool: String, output: String)
    /// A guest the stage must act in is not running (or its state is unknown).
    case guestNotReady(StageID, guest: String, state: String)
    /// Any other failure, already phrased for the operator.
    case failed(StageID, String)

    public var description: String {
        switch self {
        case .renderFailed(let stage, let diagnostics):
            let errors = diagnostics.filter { $0.severity == .error }
            return "\(stage): render failed with \(errors.count) error(s): "
                + errors.prefix(3).map(\.message).joined(separator: "; ")
        case .validationFailed(let stage, let tool, let output):
            return "\(stage): \(tool) rejected the rendered configuration: \(output)"
        case .guestNotReady(let stage, let guest, let state):
            return "\(stage): \(guest) is \(state)"
        case .failed(let stage, let message):
            return "\(stage): \(message)"
        }
    }
}
