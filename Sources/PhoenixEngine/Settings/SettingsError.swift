/// A settings file that cannot be used, with the file and what is wrong.
public struct SettingsError: Error, Sendable, CustomStringConvertible {
    /// The settings file.
    public var file: String
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            "/" + context.codingPath.map(\.stringValue).joined(separator: "/")
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "missing key \(key.stringValue) at \(path(context))"
        case .dataCorrupted(let context):
            return "invalid at \(path(context)): \(context.debugDescription)"
        @unknown default:
            return "invalid settings"
        }
    }
}
