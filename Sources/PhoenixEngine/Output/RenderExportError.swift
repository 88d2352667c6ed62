/// Why a render folder could not be written.
public struct RenderExportError: Error, Sendable, CustomStringConvertible {
    /// The path concerned.
    public var path: String
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
