import Foundation
import PhoenixGit
import Testing

@Suite struct ObjectIDTests {
    @Test func parsesAndNormalisesHex() throws {
        let id = try #require(ObjectID(hex: "ABCDEF0123456789abcdef0123456789ABCDEF01"))
        #expect(id.hex == "abcdef0123456789abcdef0123456789abcdef01")
        #expect(id.short == "abcdef0")
        #expect(id.description == id.hex)
    }

    @Test(arguments: ["", "abc", "g" + String(repeating: "0", count: 39), String(repeating: "0", count: 41)])
    func rejectsMalformedHex(_ text: String) {
        #expect(ObjectID(hex: text) == nil)
    }

    @Test func codableAsHexString() throws {
        let id = try #require(ObjectID(hex: String(repeating: "7", count: 40)))
        let json = try JSONEncoder().encode(["tip": id])
        #expect(String(decoding: json, as: UTF8.self) == "{\"tip\":\"\(id.hex)\"}")
        #expect(try JSONDecoder().decode([String: ObjectID].self, from: json) == ["tip": id])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: ObjectID].self, from: Data("{\"tip\":\"xyz\"}".utf8))
        }
    }
}
