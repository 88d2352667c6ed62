import Foundation
import Crypto

/// Checks a webhook's proof of origin for each provider, in constant time.
///
/// HMAC providers sign the raw body bytes exactly as received; the check must run before the body is
/// parsed, so nothing an unauthenticated sender writes is ever interpreted.
public enum WebhookSignature {
    /// Checks `body` against the provider's signature header.
    ///
    /// - Parameters:
    ///   - provider: which header and scheme to use.
    ///   - header: looks up a request header by its lower-case name.
    ///   - body: the raw request body.
    ///   - secret: the shared secret.
    public static func check(
        provider: WebhookProvider, header: (String) -> String?, body: some Collection<UInt8>, secret: WebhookSecret
    ) -> SignatureCheck {
        guard let value = provider.signatureHeaders.compactMap(header).first else { return .missing }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        switch provider {
        case .github, .generic:
            guard trimmed.hasPrefix("sha256=") else { return .invalid("signature must start with sha256=") }
            return checkHMAC(hex: trimmed.dropFirst("sha256=".count), body: body, secret: secret)
        case .gitea:
            // Forgejo and Gitea send the bare hex digest; tolerate a sha256= prefix some proxies add.
            let hex = trimmed.hasPrefix("sha256=") ? trimmed.dropFirst("sha256=".count) : Substring(trimmed)
            return checkHMAC(hex: hex, body: body, secret: secret)
        case .gitlab:
            return ConstantTime.equal(Array(value.utf8), secret.bytes) ? .valid : .invalid("token does not match")
        }
    }

    /// `sha256=<hex>` for `body`: what a sender puts in `X-Hub-Signature-256` or `X-Phoenix-Signature`.
    public static func sign(_ body: some Collection<UInt8>, secret: WebhookSecret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(body), using: secret.key)
        return "sha256=" + Hex.encode(Array(mac))
    }

    private static func checkHMAC(hex: Substring, body: some Collection<UInt8>, secret: WebhookSecret)
        -> SignatureCheck
    {
        guard let mac = Hex.decode(hex), mac.count == SHA256.byteCount else {
            return .invalid("signature is not 64 hexadecimal digits")
        }
        // isValidAuthenticationCode compares in constant time.
        let valid = HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Array(body), using: secret.key)
        return valid ? .valid : .invalid("signature does not match")
    }
}
