import PhoenixCore
import Testing

/// Objects past the size where `JSONObject` starts indexing its keys, and strings on the fast path (no
/// escape) next to the careful one: the same values, positions and duplicate-key issues either way.
@Suite struct JSONLargeObjectTests {
    @Test(arguments: [3, 16, 17, 40])
    func keysAreFoundAndDuplicatesReportedAtEverySize(count: Int) throws {
        var members = (0..<count).map { "\"k\($0)\": \($0)" }
        members.append("\"k0\": 99")  // a duplicate of the first key, with another value
        members.append("\"k\(count - 1)\": \(count - 1)")  // a duplicate of the last key, same value
        let document = try JSONParser.parse("{" + members.joined(separator: ",\n ") + "}")
        let object = try #require(document.root.objectValue)
        #expect(object.count == count)
        #expect(object.keys == (0..<count).map { "k\($0)" })
        #expect(object["k0"]?.intValue == 99, "the last value is kept")
        #expect(object["k\(count - 1)"]?.intValue == count - 1)
        #expect(object["missing"] == nil)
        #expect(document.issues.map(\.code) == ["duplicate-key", "duplicate-key-identical"])
        #expect(document.issues.first?.location.line == count + 1)
        #expect(document.issues.first?.relatedLocation?.line == 1)
    }

    @Test func setKeepsPositionsAcrossTheIndexThreshold() {
        var object = JSONObject()
        for index in 0..<30 { object.set(JSONMember(key: "k\(index)", value: JSONValue(.number(JSONNumber(literal: "\(index)"))))) }
        object.set(JSONMember(key: "k5", value: JSONValue(.string("five"))))
        object.set(JSONMember(key: "k25", value: JSONValue(.string("twenty-five"))))
        #expect(object.count == 30)
        #expect(object.keys[5] == "k5" && object.keys[25] == "k25")
        #expect(object["k5"]?.stringValue == "five" && object["k25"]?.stringValue == "twenty-five")
        #expect(object.member("k29")?.value.intValue == 29)
    }

    @Test func stringsWithAndWithoutEscapesKeepTheirColumns() throws {
        let text = "{\"a\": \"héllo\", \"b\": \"tab\\there\", \"c\": \"ünï\", \"d\": 1}"
        let object = try #require(try JSONParser.parse(text).root.objectValue)
        #expect(object["a"]?.stringValue == "héllo")
        #expect(object["b"]?.stringValue == "tab\there")
        #expect(object["c"]?.stringValue == "ünï")
        // Columns count Unicode scalars: "d" sits after 3 multi-byte scalars and one escape.
        let expected = Array(text.unicodeScalars).firstIndex(of: "1").map { $0 + 1 }
        #expect(object["d"]?.location.column == expected)
        #expect(object["d"]?.location.offset == Array(text.utf8).firstIndex(of: UInt8(ascii: "1")))
    }
}
