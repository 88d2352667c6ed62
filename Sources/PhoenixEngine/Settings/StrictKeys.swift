/// Rejects keys a settings object does not know, so a typo in a nested object (`"evnets"`) is an error
/// naming the key instead of a default silently left in force (the same rule as the top level).
struct StrictKeys: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    /// Throws `dataCorrupted` at the object's path for the first key not in `known`.
    static func check(_ decoder: any Decoder, known: [String]) throws {
        let container = try decoder.container(keyedBy: StrictKeys.self)
        if let unknown = container.allKeys.map(\.stringValue).filter({ !known.contains($0) }).sorted().first {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown key \"\(unknown)\" (known: \(known.sorted().joined(separator: ", ")))"))
        }
    }
}
