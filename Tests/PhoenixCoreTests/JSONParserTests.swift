import Foundation
import Testing

@testable import PhoenixCore

@Suite struct JSONParserTests {
    @Test func parsesValuesWithLocations() throws {
        let text = "{\n  \"a\": [1, 2.50, -3e2],\n  \"b\": {\"c\": null, \"d\": true},\n  \"é\": \"x\\u00e9\\n\"\n}"
        let document = try JSONParser.parse(text)
        let root = document.root
        #expect(root.location == SourceLocation(line: 1, column: 1, offset: 0))
        let a = try #require(root["a"])
        #expect(a.location.line == 2 && a.location.column == 8)
        #expect(a[1]?.numberValue?.literal == "2.50")
        #expect(a[1]?.doubleValue == 2.5)
        #expect(a[0]?.intValue == 1)
        #expect(a[2]?.intValue == nil)
        #expect(a[2]?.doubleValue == -300)
        #expect(root["b"]?["c"]?.isNull == true)
        #expect(root["b"]?["d"]?.boolValue == true)
        #expect(root["é"]?.stringValue == "xé\n")
        #expect(root.objectValue?.keys == ["a", "b", "é"])
        // The key's location is where an editor should jump for /b/d.
        #expect(root.location(of: JSONPointer(tokens: ["b", "d"])) == SourceLocation(line: 3, column: 20, offset: 45))
        #expect(document.issues.isEmpty)
    }

    @Test func columnsCountScalarsNotBytes() throws {
        let document = try JSONParser.parse("[\"ééé\", 1]")
        #expect(document.root[1]?.location.column == 9)
        #expect(document.root[1]?.location.offset == 11)
    }

    @Test func truncatedInputReportsEndPosition() {
        #expect {
            _ = try JSONParser.parse("{\n  \"a\": [1, 2\n")
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.kind == .unexpectedEnd && error.location.line == 3 && error.location.column == 1
                && error.message.contains("1:1") == false && error.message.contains("2:8")
        }
    }

    @Test func duplicateKeys() throws {
        let document = try JSONParser.parse("{\"a\": 1,\n \"a\": 1,\n \"b\": {\"x\": 1, \"x\": 2}}")
        #expect(document.issues.count == 2)
        let identical = try #require(document.issues.first { $0.code == "duplicate-key-identical" })
        #expect(identical.severity == .warning)
        #expect(identical.location.line == 2 && identical.location.column == 2)
        #expect(identical.pointer.description == "/a")
        let different = try #require(document.issues.first { $0.code == "duplicate-key" })
        #expect(different.severity == .error)
        #expect(different.pointer.description == "/b/x")
        #expect(different.message.contains("3:8") && different.message.contains("3:16"))
        #expect(document.root["b"]?["x"]?.intValue == 2)
    }
}
