import Foundation
import PhoenixTesting
import Testing

@testable import PhoenixEngine

/// Text from the configuration in a markdown plan reads as itself: rendered by a real CommonMark
/// implementation (`cmark`), each hostile string comes out as the same plain text in its list item,
/// never as a heading, nested list, link, HTML, emphasis, code or entity.
@Suite struct MarkdownTextTests {
    static let hostile = [
        "# not a heading", "- not a list", "+ nor this", "= nor a setext line", "1. not ordered", "12) nor this",
        "<script>alert(1)</script>", "[a link](https://example.com)", "![an image](x.png)", "*not* _emphasis_ **bold**",
        "`not code`", "a & b &amp; c &#65;", "x | y | z", "~~not struck~~", "back\\slash", "a\nnew line",
    ]

    static func htmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    @Test(arguments: hostile)
    func configurationTextStaysPlainText(_ text: String) throws {
        let markdown = "- " + MarkdownText.inline(text) + "\n"
        let result = try TestProcess.run("cmark", ["--to", "html"], input: Data(markdown.utf8), timeout: 30)
        let expected = "<ul>\n<li>" + Self.htmlEscaped(text.replacingOccurrences(of: "\n", with: " ")) + "</li>\n</ul>\n"
        #expect(result.stdout == expected, "\(markdown)")
    }

    @Test func codeSpansAndFencesAreLongerThanAnyBacktickRunInside() throws {
        let span = MarkdownText.code("a ``` b")
        #expect(span == "````a ``` b````")
        let fenced = MarkdownText.fenced("+```\n-````\n", info: "diff")
        let result = try TestProcess.run("cmark", ["--to", "html"], input: Data(fenced.utf8), timeout: 30)
        #expect(result.stdout == "<pre><code class=\"language-diff\">+```\n-````\n</code></pre>\n")
    }
}
