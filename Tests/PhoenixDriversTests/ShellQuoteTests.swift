import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// The one quoting function for commands crossing SSH: a real `sh` must split the quoted line back into
/// exactly the argv that went in, whatever the bytes.
@Suite struct ShellQuoteTests {
    static let hostile = [
        "plain", "", " ", "a b", "it's", "'", "''", "\"", "$(id)", "`id`", "${HOME}", "a;rm -rf /", "x|y&z",
        "line\nbreak", "tab\there", "*", "~root", "#comment", "\\", "-n", "--", "é ünïcödé —", "a'\"'b",
    ]

    @Test func aRealShellSplitsTheQuotedLineBackIntoTheSameArgv() throws {
        let line = "printf '%s\\0' " + ShellQuote.command(Self.hostile)
        let result = try TestProcess.check("sh", ["-c", line])
        let words = result.stdoutData.split(separator: 0, omittingEmptySubsequences: false).dropLast()
            .map { String(decoding: $0, as: UTF8.self) }
        #expect(words == Self.hostile)
    }

    @Test func everyWordIsQuotedEvenAHarmlessOne() {
        #expect(ShellQuote.word("abc") == "'abc'")
        #expect(ShellQuote.word("it's") == "'it'\\''s'")
        #expect(ShellQuote.command(["a", "b c"]) == "'a' 'b c'")
    }
}
