import Foundation
import PhoenixCore
import PhoenixServer
import PhoenixTesting
import Testing

/// Seeded mutation fuzzing of the three parsers that take pushed or posted bytes: the JSON parser, the
/// YAML loader (with its budget) and the webhook payload parser (ADR 0019). Seeds: the example
/// configuration, the shared real corpora when present (../shared/corpus), the webhook test payloads.
/// A crash ends the test process and leaves its input in `FuzzCampaign.folder`; such an input goes into
/// `FuzzCrashes/<target>/`, which `crashCorpusReplays` runs on every test run.
///
/// CI runs these with `PHOENIX_FUZZ_SECONDS` (a time budget per target); a normal run does a fixed
/// number of iterations from a fixed seed.
@Suite struct FuzzTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let crashes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzCrashes")

    /// Every file under the example config and stacks and the shared corpora whose name ends in `suffix`.
    static func seeds(_ suffixes: [String]) -> [[UInt8]] {
        let roots = [packageRoot.appendingPathComponent("config"), packageRoot.appendingPathComponent("stacks"),
                     packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")]
        var found: [[UInt8]] = []
        for root in roots {
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where suffixes.contains(where: { url.lastPathComponent.hasSuffix($0) }) {
                if let data = try? Data(contentsOf: url), data.count < 256 * 1024 { found.append(Array(data)) }
            }
        }
        return found
    }

    static func json(_ input: [UInt8]) {
        _ = try? JSONParser.parse(Data(input))
    }

    static func yaml(_ input: [UInt8]) {
        _ = try? YAMLParser.parse(Data(input))
    }

    static func webhook(_ input: [UInt8]) {
        for provider in WebhookProvider.allCases {
            for contentType in ["application/json", "application/x-www-form-urlencoded"] {
                let headers = [
                    "x-github-event": "push", "x-gitea-event": "push", "x-gitlab-event": "Push Hook",
                    "x-phoenix-event": "push", "content-type": contentType,
                ]
                _ = try? WebhookPayloadParser.parse(provider: provider, header: { headers[$0] }, body: input)
            }
        }
    }

    @Test func jsonParser() throws {
        let seeds = Self.seeds([".json"])
        #expect(seeds.count >= 5, "the example configuration's JSON files are the seeds")
        #expect(try FuzzCampaign(name: "json", seeds: seeds).run(Self.json) > seeds.count)
    }

    @Test func yamlLoader() throws {
        let seeds = Self.seeds([".yml", ".yaml"])
        #expect(seeds.count >= 3)
        #expect(try FuzzCampaign(name: "yaml", seeds: seeds).run(Self.yaml) > seeds.count)
    }

    @Test func webhookPayloadParser() throws {
        let seeds = [Payloads.githubPush, Payloads.githubDelete, Payloads.githubPing, Payloads.giteaPush,
                     Payloads.gitlabPush, Payloads.gitlabDelete].map { Array($0.utf8) }
        #expect(try FuzzCampaign(name: "webhook", seeds: seeds, iterations: 700).run(Self.webhook) > seeds.count)
    }

    /// Every input that ever crashed or exhausted a parser, kept as a test.
    @Test func crashCorpusReplays() throws {
        let targets: [String: ([UInt8]) -> Void] = ["json": Self.json, "yaml": Self.yaml, "webhook": Self.webhook]
        var replayed = 0
        for (name, target) in targets {
            let folder = Self.crashes.appendingPathComponent(name)
            let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
            for file in files where file.lastPathComponent != "README.md" {
                target(Array(try Data(contentsOf: file)))
                replayed += 1
            }
        }
        #expect(replayed >= 2, "the YAML alias bomb and deep nesting of finding H3 are in the corpus")
    }
}
