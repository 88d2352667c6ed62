import Foundation
import PhoenixEngine

/// How the fetch of a run went (for `/readyz`, metrics and logs).
public struct FetchReport: Sendable, Hashable {
    /// When the fetch finished.
    public var at: Date
    /// Whether it succeeded.
    public var succeeded: Bool
    /// Wall time in seconds.
    public var durationSeconds: Double
    /// Whether the tracked branch moved.
    public var moved: Bool
    /// The error, without credentials.
    public var message: String?

    /// Creates a report.
    public init(at: Date, succeeded: Bool, durationSeconds: Double, moved: Bool = false, message: String? = nil) {
        self.at = at
        self.succeeded = succeeded
        self.durationSeconds = durationSeconds
        self.moved = moved
        self.message = message
    }
}
