import Foundation
import PhoenixEngine
import PhoenixTesting
import Testing

/// `phoenix-gitops drift` as a script sees it: exit statuses 0/2/1, the JSON report with the diff,
/// `--heal`, and `status` naming the last check.
@Suite struct DriftCommandTests {
    @Test func reportsAHandEditWithExitTwoAndHealsItOnRequest() throws {
        let fixture = try CLIFixture()
        let arguments = fixture.arguments(state: "state")
        _ = try Binary.run(["apply"] + arguments, in: fixture.scratch.url)

        // Applied by the local driver: files in sync; guests cannot be observed (listed, exit 0).
        let clean = try Binary.run(["drift", "--format", "json"] + arguments, in: fixture.scratch.url)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        let cleanDocument = try #require(try JSONSerialization.jsonObject(with: clean.stdoutData) as? [String: Any])
        let cleanStages = try #require((cleanDocument["drift"] as? [String: Any])?["stages"] as? [[String: Any]])
        #expect(cleanStages.first { $0["stage"] as? String == "dns" }?["status"] as? String == "in-sync")
        #expect(cleanStages.first { $0["stage"] as? String == "swarm" }?["status"] as? String == "unknown")

        // The text on the local driver: in sync, guests summed up in one line per stage, no object list.
        let cleanText = try Binary.run(["drift"] + arguments, in: fixture.scratch.url)
        #expect(cleanText.status == 0)
        #expect(cleanText.stdout.hasPrefix("drift check "))
        #expect(cleanText.stdout.split(separator: "\n").first?.contains(": in-sync (") == true, "\(cleanText.stdout)")
        #expect(!cleanText.stdout.contains("unobserved"), "\(cleanText.stdout)")
        #expect(cleanText.stdout.contains("swarm" + String(repeating: " ", count: 10) + "in-sync"))

        let dnsmasq = fixture.stateDirectory("state").appendingPathComponent("target/etc/dnsmasq.conf")
        let original = try Data(contentsOf: dnsmasq)
        try (original + Data("address=/evil.test/10.6.6.6\n".utf8)).write(to: dnsmasq)

        let found = try Binary.run(["drift", "--format", "json"] + arguments, in: fixture.scratch.url)
        #expect(found.status == 2)
        let document = try #require(try JSONSerialization.jsonObject(with: found.stdoutData) as? [String: Any])
        #expect(document["exit_code"] as? Int == 2)
        let drift = try #require(document["drift"] as? [String: Any])
        #expect(drift["status"] as? String == "drifted")
        let stages = try #require(drift["stages"] as? [[String: Any]])
        let dns = try #require(stages.first { $0["stage"] as? String == "dns" })
        let item = try #require((dns["items"] as? [[String: Any]])?.first)
        #expect(item["object"] as? String == "/etc/dnsmasq.conf")
        #expect((item["diff"] as? String)?.contains("+address=/evil.test/10.6.6.6") == true)
        #expect(try Data(contentsOf: dnsmasq) != original)  // reporting changes nothing

        let text = try Binary.run(["drift", "--stage", "dns"] + arguments, in: fixture.scratch.url)
        #expect(text.status == 2)
        #expect(text.stdout.contains("dns            drifted at "))
        #expect(text.stdout.contains("        +address=/evil.test/10.6.6.6"))
        #expect(text.stdout.contains("firewall       not-checked"))

        let healed = try Binary.run(["drift", "--heal"] + arguments, in: fixture.scratch.url)
        // It reports what it found and repaired it: a successful repair leaves nothing drifted, so 0
        // (scripts and systemd units treat 2 as "still drifted").
        #expect(healed.status == 0, "\(healed.stdout)\(healed.stderr)")
        #expect(healed.stdout.contains("drifted at "))
        #expect(healed.stdout.contains("self-heal reapplied (succeeded)"))
        #expect(try Data(contentsOf: dnsmasq) == original)
        let after = try Binary.run(["drift"] + arguments, in: fixture.scratch.url)
        #expect(after.status == 0)

        let runs = try fixture.recordedRuns()
        #expect(runs.filter { $0.trigger.kind == .drift && $0.result == .drifted }.count == 1)
        #expect(runs.filter { $0.trigger.kind == .drift && $0.result == .succeeded }.count == 1)
        let status = try Binary.run(["status"] + arguments, in: fixture.scratch.url)
        #expect(status.stdout.contains("last drift check"))
    }

    @Test func withoutStateOrWithAnUnknownStageItIsAnError() throws {
        let fixture = try CLIFixture()
        let none = try Binary.run(["drift"] + fixture.arguments(state: "nothing"), in: fixture.scratch.url)
        #expect(none.status == 1)
        #expect(none.stderr.contains("nothing was applied"))  // errors on stderr (issue #15)
        let bad = try Binary.run(["drift", "--stage", "nope"] + fixture.arguments(state: "nothing"), in: fixture.scratch.url)
        #expect(bad.status != 0 && bad.status != 2)
        #expect(bad.stderr.contains("no such stage nope"))
    }
}
