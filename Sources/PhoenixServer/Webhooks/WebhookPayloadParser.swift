import Foundation

/// Reads the event name from the headers and the few push fields phoenix-gitops uses from the body.
public enum WebhookPayloadParser {
    /// The push fields of every provider's payload; everything else in the body is ignored.
    private struct Payload: Decodable {
        var ref: String?
        var before: String?
        var after: String?
        // GitLab: the head commit after the push, null when the branch was deleted.
        var checkoutSHA: String?
        // GitHub: true when the push deleted the ref.
        var deleted: Bool?

        enum CodingKeys: String, CodingKey {
            case ref, before, after, deleted
            case checkoutSHA = "checkout_sha"
        }
    }

    /// Parses a verified request.
    ///
    /// - Parameters:
    ///   - provider: the endpoint the request came to.
    ///   - header: looks up a request header by its lower-case name.
    ///   - body: the raw body (JSON, or `application/x-www-form-urlencoded` with a `payload` field).
    public static func parse(
        provider: WebhookProvider, header: (String) -> String?, body: [UInt8]
    ) throws(WebhookPayloadError) -> WebhookEvent {
        let event = provider.eventHeaders.compactMap(header).first?.trimmingCharacters(in: .whitespaces)
        // Our own hook may leave the event out: a generic request is a push unless it says otherwise.
        guard event != nil || provider == .generic else {
            throw WebhookPayloadError("missing \(provider.eventHeaders[0]) header")
        }
        let name = event ?? "push"
        switch (provider, name.lowercased()) {
        case (.github, "ping"), (.generic, "ping"):
            return .ping
        case (.github, "push"), (.gitea, "push"), (.gitlab, "push hook"), (.generic, "push"):
            return .push(try push(from: json(body, contentType: header("content-type"))))
        default:
            return .other(String(name.prefix(64)))
        }
    }

    /// The JSON a request carries: the body itself, or the `payload` field of a form body.
    static func json(_ body: [UInt8], contentType: String?) throws(WebhookPayloadError) -> [UInt8] {
        guard let contentType, contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            return body
        }
        // GitHub and Gitea can send `payload=<url-encoded JSON>`; the signature covers the encoded form.
        let text = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "+", with: " ")
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == "payload", let value = String(parts[1]).removingPercentEncoding {
                return Array(value.utf8)
            }
        }
        throw WebhookPayloadError("form body without a payload field")
    }

    private static func push(from body: [UInt8]) throws(WebhookPayloadError) -> PushEvent {
        let payload: Payload
        do {
            payload = try JSONDecoder().decode(Payload.self, from: Data(body))
        } catch {
            throw WebhookPayloadError("body is not a JSON object with push fields")
        }
        guard let ref = payload.ref, ref.hasPrefix("refs/"), ref.count <= 255,
            !ref.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } == true })
        else {
            throw WebhookPayloadError("push without a valid ref")
        }
        let before = try commitID(payload.before, field: "before")
        var after = try commitID(payload.checkoutSHA, field: "checkout_sha")
        if after == nil { after = try commitID(payload.after, field: "after") }
        let zeroAfter = payload.after.map { !$0.isEmpty && $0.allSatisfy { $0 == "0" } } ?? false
        let deleted = payload.deleted == true || zeroAfter
        return PushEvent(ref: ref, before: before, after: deleted ? nil : after, deleted: deleted)
    }

    /// A 40- or 64-digit hex commit id, nil when absent; anything else is malformed.
    private static func commitID(_ value: String?, field: String) throws(WebhookPayloadError) -> String? {
        guard let value, !value.isEmpty else { return nil }
        guard value.count == 40 || value.count == 64, value.allSatisfy(\.isHexDigit) else {
            throw WebhookPayloadError("\(field) is not a commit id")
        }
        return value.lowercased()
    }
}
