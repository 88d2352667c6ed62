import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PhoenixEngine
import PhoenixServer
import Testing

/// Gitea with "Content type: application/x-www-form-urlencoded" sends `payload=<url-encoded JSON>` and
/// signs the JSON, not the form body (services/webhook/deliver.go): such a delivery must verify.
@Suite struct GiteaFormDeliveryTests {
    static func form(_ json: String) -> [UInt8] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return Array(("payload=" + json.addingPercentEncoding(withAllowedCharacters: allowed)!).utf8)
    }

    func post(body: [UInt8], signing signed: [UInt8]) async throws -> (HTTPResponse.Status, String, Int) {
        let reconciler = RecordingReconciler()
        // Gitea's published sample pushes `develop`; track it so an accepted delivery is a trigger.
        let test = try TestServer(service: reconciler, branch: "develop")
        var fields = try TestServer.headers(.gitea, event: "push", body: signed)
        fields[.contentType] = "application/x-www-form-urlencoded"
        let headers = fields
        let (status, result) = try await test.app.test(.router) { client in
            try await client.execute(uri: "/hooks/gitea", method: .post, headers: headers, body: ByteBuffer(bytes: body)) {
                response throws in (response.status, try TestServer.reply(response).result)
            }
        }
        return (status, result, await reconciler.triggers.count)
    }

    @Test func formDeliverySignedOverItsJSONIsAccepted() async throws {
        let json = Payloads.giteaPush
        let (status, result, runs) = try await post(body: Self.form(json), signing: Array(json.utf8))
        #expect(status == .accepted, "\(result)")
        #expect(!result.contains("ignored"), "\(result)")
        #expect(runs == 1)
    }

    @Test func formDeliverySignedOverTheFormBodyIsRefused() async throws {
        let body = Self.form(Payloads.giteaPush)
        let (status, _, runs) = try await post(body: body, signing: body)
        #expect(status == .unauthorized)
        #expect(runs == 0)
    }
}
