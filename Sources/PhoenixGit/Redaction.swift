/// Keeps credentials out of messages: anything that could carry a secret passes through here before
/// it reaches an error, a log line or a description.
enum Redaction {
    /// Replaces the userinfo of every `scheme://userinfo@host` URL in `text` with `***`,
    /// so `https://user:token@host/repo` becomes `https://***@host/repo`.
    static func redactingURLUserinfo(_ text: String) -> String {
        guard text.contains("://") else { return text }
        var result = ""
        var rest = Substring(text)
        while let schemeEnd = rest.range(of: "://") {
            result += rest[..<schemeEnd.upperBound]
            rest = rest[schemeEnd.upperBound...]
            // The authority ends at the first '/', whitespace or quote; an '@' before that ends the userinfo.
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "'" || $0 == "\"" || $0.isWhitespace } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                result += "***"
                rest = rest[at...]
            }
        }
        return result + rest
    }
}
