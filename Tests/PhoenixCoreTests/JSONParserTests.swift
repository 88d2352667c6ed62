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

@Suite struct JSONParserErrorTests {
    func failure(_ text: String) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("", JSONParseError.Kind.empty, 1, 1),
        ("[1,]", .unexpectedCharacter, 1, 4),
        ("{\"a\" 1}", .unexpectedCharacter, 1, 6),
        ("[01]", .invalidNumber, 1, 2),
        ("[1.]", .invalidNumber, 1, 2),
        ("[-]", .invalidNumber, 1, 2),
        ("[True]", .unexpectedCharacter, 1, 2),
        ("[\"a\\x\"]", .invalidEscape, 1, 4),
        ("[\"\\ud800\"]", .invalidEscape, 1, 3),
        ("[\"a\nb\"]", .controlCharacterInString, 1, 4),
        ("{} {}", .trailingContent, 1, 4),
        ("{\"a\":\r\n  [1,\r\n  tru", .unexpectedEnd, 3, 6),
        ("\u{FEFF}[x]", .unexpectedCharacter, 1, 2),
    ])
    func errorsCarryPositions(_ text: String, _ kind: JSONParseError.Kind, _ line: Int, _ column: Int) throws {
        let error = try #require(failure(text))
        #expect(error.kind == kind, "\(error)")
        #expect(error.location.line == line && error.location.column == column, "\(error)")
    }

    @Test func byteOrderMarkWarningAndPositions() throws {
        let document = try JSONParser.parse(Data([0xEF, 0xBB, 0xBF]) + Data("{\n  \"a\": 1}".utf8))
        #expect(document.hadByteOrderMark)
        #expect(document.issues.map(\.code) == ["utf8-bom"])
        #expect(document.root["a"]?.location.line == 2)
        #expect(document.root["a"]?.location.column == 8)
        #expect(document.root.location.column == 1)
    }

    @Test func invalidUTF8ReportsTheByte() throws {
        var bytes = Data("{\"a\":\n  \"xé".utf8)
        bytes.append(0xC3)  // a lead byte followed by a quote: truncated sequence
        bytes.append(contentsOf: Array("\"}".utf8))
        do {
            _ = try JSONParser.parse(bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .invalidUTF8)
            #expect(error.location.line == 2 && error.location.column == 6 && error.location.offset == 12)
        }
    }

    @Test func hundredThousandBracketsDoNotOverflowTheStack() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = failure(text)
        #expect(error?.kind == .nestingTooDeep(limit: 256))
        #expect(error?.location.column == 257)
        // Exactly at the limit still parses.
        let deepest = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(failure(deepest) == nil)
    }

    @Test func fiftyMegabytesAreRejectedBeforeParsing() {
        let data = Data(repeating: UInt8(ascii: "["), count: 50 * 1024 * 1024)
        do {
            _ = try JSONParser.parse(data)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .tooLarge(size: 52_428_800, limit: 16 * 1024 * 1024))
            #expect(error.code == "file-too-large")
        }
    }

    @Test func escapesAndSurrogates() throws {
        let document = try JSONParser.parse("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\ud83d\\ude00\"]")
        #expect(document.root[0]?.stringValue == "\"\\/\u{8}\u{C}\n\r\tA😀")
    }

    @Test func bigIntegersStayExact() throws {
        let document = try JSONParser.parse("[9007199254740993, 1e400, -0]")
        #expect(document.root[0]?.intValue == 9_007_199_254_740_993)
        #expect(document.root[1]?.doubleValue == .infinity)
        #expect(document.root[1]?.numberValue?.literal == "1e400")
        #expect(document.root[2]?.intValue == 0)
    }
}

@Suite struct JSONPointerTests {
    @Test func escapingRoundTrip() throws {
        let pointer = JSONPointer(tokens: ["a/b", "m~n", "", "0"])
        #expect(pointer.description == "/a~1b/m~0n//0")
        #expect(try JSONPointer(parsing: pointer.description) == pointer)
        #expect(try JSONPointer(parsing: "").isRoot)
        #expect(try JSONPointer(parsing: "/~01").tokens == ["~1"])
        #expect(JSONPointer.root.appending("x").appending(3).description == "/x/3")
        #expect(JSONPointer(tokens: ["a", "b"]).parent.description == "/a")
    }

    @Test(arguments: ["a", "/~2", "/x~"])
    func invalidPointers(_ text: String) {
        #expect(throws: JSONPointerError.self) { try JSONPointer(parsing: text) }
    }

    @Test func resolvesAgainstValues() throws {
        let root = try JSONParser.parse("{\"a/b\": [10, {\"~\": true}]}").root
        #expect(root.value(at: try JSONPointer(parsing: "/a~1b/1/~0"))?.boolValue == true)
        #expect(root.value(at: try JSONPointer(parsing: "/a~1b/01")) == nil)
        #expect(root.value(at: try JSONPointer(parsing: "/a~1b/2")) == nil)
    }
}

@Suite struct JSONParserPropertyTests {
    /// Every corpus JSON file parses to the same values as Foundation's JSONSerialization.
    @Test func corpusMatchesJSONSerialization() throws {
        guard Corpus.isAvailable else {
            print("SKIPPED corpusMatchesJSONSerialization: corpus not found at \(Corpus.root.path)")
            return
        }
        let files = try FolderSource(root: Corpus.root).allFiles(under: "").filter { $0.hasSuffix(".json") }
        #expect(files.count >= 13)
        for path in files {
            let data = try Data(contentsOf: Corpus.root.appendingPathComponent(path))
            let ours = try JSONParser.parse(data).root.foundationValue
            let theirs = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            #expect(try canonical(ours) == canonical(theirs), "\(path)")
        }
    }

    /// Random documents: serialize with Foundation, parse with ours, compare; also locations point at the
    /// first byte of each value.
    @Test func randomDocumentsRoundTrip() throws {
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<200 {
            let value = randomValue(depth: 0, using: &generator)
            let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .prettyPrinted])
            let parsed = try JSONParser.parse(data).root
            #expect(try canonical(parsed.foundationValue) == canonical(value))
            try checkLocations(parsed, in: [UInt8](data))
        }
    }

    /// Foundation's sorted-keys serialization, a canonical form for comparing two Foundation trees.
    private func canonical(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["v": value], options: [.sortedKeys])
    }

    private func checkLocations(_ value: JSONValue, in bytes: [UInt8]) throws {
        let first = bytes[value.location.offset]
        switch value.kind {
        case .object(let object):
            #expect(first == UInt8(ascii: "{"))
            for member in object.members {
                #expect(bytes[member.keyLocation.offset] == UInt8(ascii: "\""))
                try checkLocations(member.value, in: bytes)
            }
        case .array(let elements):
            #expect(first == UInt8(ascii: "["))
            for element in elements { try checkLocations(element, in: bytes) }
        case .string: #expect(first == UInt8(ascii: "\""))
        case .number: #expect(first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39))
        case .bool(let flag): #expect(first == UInt8(ascii: flag ? "t" : "f"))
        case .null: #expect(first == UInt8(ascii: "n"))
        }
        let expected = SourceLocation.of(offset: value.location.offset, in: bytes)
        #expect(expected == value.location)
    }

    private func randomValue(depth: Int, using generator: inout SplitMix64) -> Any {
        let choice = depth > 3 ? Int(generator.next() % 4) : Int(generator.next() % 6)
        switch choice {
        case 0: return NSNull()
        case 1: return generator.next() % 2 == 0
        case 2: return Int(truncatingIfNeeded: generator.next() % 2_000_000) - 1_000_000
        case 3:
            let alphabet = Array("aé😀 \"\\/\n\tZ~")
            return String((0..<Int(generator.next() % 8)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        case 4: return (0..<Int(generator.next() % 4)).map { _ in randomValue(depth: depth + 1, using: &generator) }
        default:
            var object: [String: Any] = [:]
            for index in 0..<Int(generator.next() % 4) { object["k\(index)é"] = randomValue(depth: depth + 1, using: &generator) }
            return object
        }
    }
}

/// A small deterministic generator so the property test is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
