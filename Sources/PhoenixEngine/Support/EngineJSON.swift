import Foundation

/// The JSON style of state.json and status.json (sorted keys, pretty, UTC millisecond timestamps)
/// for other modules that print the engine's types (`status --format json`, the server's `/status`).
public enum EngineJSON {
    /// Encodes with a trailing newline.
    public static func data<T: Encodable>(_ value: T) throws -> Data {
        try JSONCoding.data(value)
    }

    /// Decodes what ``data(_:)`` wrote.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONCoding.decoder().decode(type, from: data)
    }
}
