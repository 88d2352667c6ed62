import PhoenixServer
import Testing

@Suite struct WebhookSignatureTests {
    // GitHub's published test vector ("Validating webhook deliveries").
    static let vectorSecret = "It's a Secret to Everybody"
    static let vectorPayload = Array("Hello, World!".utf8)
    static let vectorSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"

    func secret(_ text: String = vectorSecret) throws -> WebhookSecret {
        try WebhookSecret(Array(text.utf8), origin: "test")
    }

    func check(_ provider: WebhookProvider, _ headers: [String: String], _ body: [UInt8]) throws -> SignatureCheck {
        WebhookSignature.check(provider: provider, header: { headers[$0] }, body: body, secret: try secret())
    }

    @Test func githubPublishedVectorVerifies() throws {
        let result = try check(.github, ["x-hub-signature-256": Self.vectorSignature], Self.vectorPayload)
        #expect(result == .valid)
        #expect(WebhookSignature.sign(Self.vectorPayload, secret: try secret()) == Self.vectorSignature)
    }

    @Test(arguments: Array(0..<13)) func flippedPayloadByteFails(index: Int) throws {
        var payload = Self.vectorPayload
        payload[index] ^= 0x01
        #expect(try check(.github, ["x-hub-signature-256": Self.vectorSignature], payload) != .valid)
    }

    @Test func flippedSignatureDigitFails() throws {
        var signature = Array(Self.vectorSignature)
        signature[signature.count - 1] = signature.last == "7" ? "6" : "7"
        let result = try check(.github, ["x-hub-signature-256": String(signature)], Self.vectorPayload)
        #expect(result == .invalid("signature does not match"))
    }

    @Test func missingAndMalformedSignatures() throws {
        #expect(try check(.github, [:], Self.vectorPayload) == .missing)
        // The bare digest without the sha256= prefix is GitHub's old sha1 form: refused.
        let bare = String(Self.vectorSignature.dropFirst(7))
        #expect(try check(.github, ["x-hub-signature-256": bare], Self.vectorPayload) != .valid)
        #expect(try check(.github, ["x-hub-signature-256": "sha256=zz"], Self.vectorPayload) != .valid)
        #expect(try check(.github, ["x-hub-signature-256": "sha256="], Self.vectorPayload) != .valid)
        // The right digest for another secret.
        let other = WebhookSignature.sign(Self.vectorPayload, secret: try secret("another secret"))
        #expect(try check(.github, ["x-hub-signature-256": other], Self.vectorPayload) != .valid)
    }

    @Test func giteaTakesTheBareHexDigestInEitherHeader() throws {
        let hex = String(Self.vectorSignature.dropFirst(7))
        #expect(try check(.gitea, ["x-gitea-signature": hex], Self.vectorPayload) == .valid)
        #expect(try check(.gitea, ["x-forgejo-signature": hex.uppercased()], Self.vectorPayload) == .valid)
        #expect(try check(.gitea, ["x-gitea-signature": hex], Array("Hello, World?".utf8)) != .valid)
        #expect(try check(.gitea, ["x-hub-signature-256": Self.vectorSignature], Self.vectorPayload) == .missing)
    }

    @Test func gitlabComparesTheToken() throws {
        #expect(try check(.gitlab, ["x-gitlab-token": Self.vectorSecret], []) == .valid)
        #expect(try check(.gitlab, ["x-gitlab-token": Self.vectorSecret + "x"], []) != .valid)
        #expect(try check(.gitlab, ["x-gitlab-token": String(Self.vectorSecret.dropLast())], []) != .valid)
        #expect(try check(.gitlab, [:], []) == .missing)
    }

    @Test func genericUsesThePhoenixHeader() throws {
        #expect(try check(.generic, ["x-phoenix-signature": Self.vectorSignature], Self.vectorPayload) == .valid)
        #expect(try check(.generic, ["x-hub-signature-256": Self.vectorSignature], Self.vectorPayload) == .missing)
    }

    @Test func secretNeverShowsInItsDescription() throws {
        let key = try secret()
        #expect(!"\(key)".contains("Secret to Everybody"))
        #expect(!String(reflecting: key).contains("Secret to Everybody"))
    }
}
