public import PhoenixEngine

extension RunTrigger {
    /// The longest delivery id carried into a run report; ids are sender-chosen header values.
    static let maxDeliveryIDLength = 80

    /// The engine's trigger for a server request: the kind from the source, and as detail the provider,
    /// ref, commit hint and delivery id (for the run report and the status branch; never a secret).
    public init(_ reason: TriggerReason) {
        var parts: [String] = []
        if let provider = reason.provider { parts.append(provider.rawValue) }
        if let ref = reason.ref { parts.append(Self.printable(ref, limit: 200)) }
        if let hint = reason.commitHint { parts.append("@" + Self.printable(String(hint.prefix(12)), limit: 12)) }
        if let delivery = reason.deliveryID {
            parts.append("delivery " + Self.printable(delivery, limit: Self.maxDeliveryIDLength))
        }
        self.init(reason.source, detail: parts.isEmpty ? nil : parts.joined(separator: " "))
    }

    /// `text` cut to `limit` characters with control characters replaced, so a header value cannot
    /// forge lines in a log or a report.
    static func printable(_ text: String, limit: Int) -> String {
        String(
            text.prefix(limit).map { character in
                let control = character.isNewline
                    || character.unicodeScalars.contains { $0.properties.generalCategory == .control }
                return control ? "?" : character
            })
    }
}
