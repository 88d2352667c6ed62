import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages
import PhoenixTesting
import Testing

/// The JSON of `plan` against docs/plan-format.schema.json, validated by python3 `jsonschema`
/// (Draft 2020-12), an implementation independent of ours.
@Suite struct PlanDocumentSchemaTests {
    static let schema = ExampleRepository.packageRoot.appendingPathComponent("docs/plan-format.schema.json")

    /// Validates `documents` in one python3 run; returns each document's first error, nil when valid.
    func validate(_ documents: [Data]) throws -> [String?] {
        let scratch = try ScratchDirectory(prefix: "phoenix-schema")
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            let url = scratch.path("doc-\(index).json")
            try document.write(to: url)
            paths.append(url.path)
        }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            for path in sys.argv[2:]:
                errors = sorted(validator.iter_errors(json.load(open(path))), key=lambda e: list(e.absolute_path))
                print(json.dumps(None if not errors else f"{list(errors[0].absolute_path)}: {errors[0].message}"))
            """
        let result = try TestProcess.check("python3", ["-c", script, Self.schema.path] + paths)
        return try result.stdout.split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8), options: .fragmentsAllowed) as? String
        }
    }

    @Test func realPlansMatchTheDocumentedSchema() throws {
        let repo = try ExampleRepository()
        let initial = try repo.sha()
        try repo.editJSON(ScriptedHistory.lxc) { root in
            root.setting(["lxc_configs", "240", "name"], to: "notes").setting(["lxc_configs", "230", "cores"], to: 4)
                .setting(["lxc_configs", "241"], to: nil)
        }
        try repo.replace("stacks/vector_db/docker-compose.yml", "memory: 2G", with: "memory: 3G")
        try repo.write("config/NOTES.md", "notes\n")
        let busy = try repo.commit("busy")
        try repo.write("docs/x.md", "x\n")
        let quiet = try repo.commit("docs")
        try repo.write(ScriptedHistory.vm, "{\"vms\": [}")
        let broken = try repo.commit("broken")

        let repository = try repo.open()
        let planner = Planner(catalogue: .standard, settings: StageSettings())
        let busyPlan = try planner.plan(repository: repository, target: busy, bases: PlanBases(fallback: initial))
        #expect(busyPlan.willRun && !busyPlan.notices.isEmpty)
        #expect(busyPlan.stages.contains { $0.decision == .skipIdenticalOutput })
        let quietPlan = try planner.plan(repository: repository, target: quiet, bases: PlanBases(fallback: busy))
        #expect(!quietPlan.willRun)
        let ghost = try #require(ObjectID(hex: String(repeating: "a", count: 40)))
        let applied = [AppliedArtifact(key: ArtifactKey(location: .host, path: "/etc/dnsmasq.conf"), digest: String(repeating: "0", count: 64))]
        let statePlan = try planner.plan(
            repository: repository, target: busy, bases: PlanBases(fallback: initial, perStage: [.firewall: ghost]),
            applied: [.dns: applied])
        #expect(statePlan.stage(.dns)?.comparison == .applied)
        #expect(statePlan.notices.contains { $0.kind == .unknownBase })

        var documents = [
            try PlanDocument(busyPlan).jsonData(), try PlanDocument(quietPlan).jsonData(), try PlanDocument(statePlan).jsonData(),
        ]
        let failure = Result { () throws(PlanError) in try planner.plan(repository: repository, target: broken, bases: PlanBases(fallback: quiet)) }
        guard case .failure(.invalidConfiguration(let commit, let diagnostics)) = failure else {
            Issue.record("a broken configuration was planned")
            return
        }
        documents.append(try PlanFailureDocument(to: commit, diagnostics: diagnostics).jsonData())
        #expect(try validate(documents) == [nil, nil, nil, nil])

        // Stable keys: every key is present, null when unknown.
        let object = try #require(try JSONSerialization.jsonObject(with: documents[0]) as? [String: Any])
        #expect(Set(object.keys) == [
            "format", "version", "from", "to", "will_run", "summary", "changes", "changed_stacks", "stages", "notices", "diagnostics",
        ])
        let stages = try #require(object["stages"] as? [[String: Any]])
        let dns = try #require(stages.first { $0["id"] as? String == "dns" })
        #expect(dns["decision"] as? String == "run")
        let artifact = try #require((dns["artifacts"] as? [[String: Any]])?.first)
        #expect((artifact["diff"] as? String)?.hasPrefix("--- a/host/etc/dnsmasq.d/") == true)
    }

    @Test func theSchemaRejectsWhatTheFormatForbids() throws {
        let repo = try ExampleRepository()
        let initial = try repo.sha()
        try repo.editJSON(ScriptedHistory.lxc) { $0.setting(["lxc_configs", "240", "name"], to: "notes") }
        let target = try repo.commit("rename")
        let plan = try Planner(catalogue: .standard, settings: StageSettings())
            .plan(repository: try repo.open(), target: target, bases: PlanBases(fallback: initial))
        let good = try PlanDocument(plan).jsonData()
        func mutate(_ change: (inout [String: Any]) -> Void) throws -> Data {
            var object = try #require(try JSONSerialization.jsonObject(with: good) as? [String: Any])
            change(&object)
            return try JSONSerialization.data(withJSONObject: object)
        }
        let bad = [
            try mutate { $0["stages"] = [["id": "dns", "decision": "maybe"]] },
            try mutate { $0.removeValue(forKey: "notices") },
            try mutate { $0["to"] = "HEAD" },
            try mutate { object in
                var stages = object["stages"] as? [[String: Any]] ?? []
                if let index = stages.firstIndex(where: { $0["decision"] as? String == "run" }) { stages[index]["artifacts"] = [] }
                object["stages"] = stages
            },
        ]
        let results = try validate([good] + bad)
        #expect(results.first == .some(nil))
        #expect(results.dropFirst().allSatisfy { $0 != nil }, "\(results)")
    }
}
