import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixTesting
import Testing

/// `GitConfigSource` reads one commit's objects: the same snapshot as a folder of the same files,
/// blind to the working tree and to later commits.
@Suite struct GitConfigSourceTests {
    @Test func loadingACommitEqualsLoadingTheSameFilesFromAFolder() throws {
        let repo = try ExampleRepository()
        let source = GitConfigSource(repository: try repo.open(), commit: try repo.sha())
        let fromGit = ConfigLoader.load(from: source)
        let fromFolder = ConfigLoader.load(from: FolderSource(root: repo.root))
        #expect(fromGit.files.map(\.path) == fromFolder.files.map(\.path))
        #expect(fromGit.files.map(\.bytes) == fromFolder.files.map(\.bytes))
        #expect(fromGit.diagnostics == fromFolder.diagnostics)
        #expect(fromGit.snapshot?.stacks.map(\.name) == ["monitoring", "portainer_service", "vector_db"])
        #expect(source.sourceDescription == "commit \(try repo.sha().short)")
    }

    @Test func readsTheCommitNotTheWorkingTreeNorLaterCommits() throws {
        let repo = try ExampleRepository()
        let first = try repo.sha()
        try repo.editJSON(ScriptedHistory.hypervisor) { $0.setting(["domain_name"], to: "later.test") }
        try repo.commit("later")
        try repo.write("config/phoenix_hypervisor_config.json", "not even json")
        let snapshot = try #require(ConfigLoader.load(from: GitConfigSource(repository: try repo.open(), commit: first)).snapshot)
        #expect(snapshot.hypervisor.domainName == "lab.phoenix.test")
    }

    @Test func listingAndMissingPaths() throws {
        let repo = try ExampleRepository()
        let source = GitConfigSource(repository: try repo.open(), commit: try repo.sha())
        #expect(try source.read("config/nope.json") == nil)
        #expect(try source.read("config") == nil, "a folder is not a file")
        #expect(try source.list("stacks").map(\.name) == ["monitoring", "portainer_service", "vector_db"])
        #expect(try source.list("stacks").allSatisfy(\.isFolder))
        #expect(try source.list("config/phoenix_vm_configs.json").isEmpty, "a file is not a folder")
        #expect(try source.list("nowhere").isEmpty)
        #expect(try source.allFiles(under: "stacks/monitoring") == [
            "stacks/monitoring/configs/grafana.env", "stacks/monitoring/docker-compose.yml", "stacks/monitoring/phoenix.json",
        ])
    }

    @Test func unsafePathsAndOversizedFilesAreRefused() throws {
        let repo = try ExampleRepository()
        let small = GitConfigSource(repository: try repo.open(), commit: try repo.sha(), maxFileBytes: 100)
        for path in ["../etc/passwd", "/etc/passwd", "config/../config/x.json", "./config"] {
            #expect(throws: ConfigSourceError.self) { try small.read(path) }
        }
        do {
            _ = try small.read("config/phoenix_lxc_configs.json")
            Issue.record("an oversized file was read")
        } catch let error as ConfigSourceError {
            guard case .tooLarge(let size, let limit) = error.kind else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(size > 100 && limit == 100)
        }
        // The loader turns it into a finding instead of a crash.
        let result = ConfigLoader.load(from: small)
        #expect(result.snapshot == nil)
        #expect(result.diagnostics.contains { $0.code == .fileTooLarge })
    }
}
