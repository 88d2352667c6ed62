import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixEngine
import PhoenixStages
import PhoenixTesting
import Testing

/// `render` folders: placement by location, manifest, re-rendering over an earlier render only.
@Suite struct RenderExportTests {
    func render(_ stage: StageID, _ artifacts: [(Location, String, String, Artifact.Kind)]) -> Render {
        Render(
            stage: stage,
            artifacts: artifacts.map { Artifact(stage: stage, location: $0.0, path: $0.1, text: $0.2, mode: 0o640, kind: $0.3) })
    }

    @Test func artifactsArePlacedByLocationWithAManifest() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-render")
        let out = scratch.path("out")
        let renders = [
            render("dns", [(.host, "/etc/dnsmasq.conf", "port=53\n", .file)]),
            render("traefik", [(.lxc(220), "/etc/traefik/dynamic.yml", "http: {}\n", .file)]),
            render("swarm", [(.vm(310), "swarm/cluster", "{}\n", .desiredState)]),
        ]
        let manifest = try RenderExport.write(renders, to: out, source: "commit abc", commit: String(repeating: "a", count: 40))
        #expect(try String(contentsOf: out.appendingPathComponent("host/etc/dnsmasq.conf"), encoding: .utf8) == "port=53\n")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("lxc/220/etc/traefik/dynamic.yml").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("desired/swarm/vm/310/swarm/cluster.state").path))
        let attributes = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("host/etc/dnsmasq.conf").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)

        let written = try JSONDecoder().decode(RenderManifest.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json")))
        #expect(written == manifest)
        #expect(written.stages == ["dns", "traefik", "swarm"])
        let dns = try #require(written.artifacts.first)
        #expect(dns.location == "host" && dns.path == "/etc/dnsmasq.conf" && dns.kind == "file" && dns.mode == "0640")
        #expect(dns.sha256 == Artifact.sha256(Data("port=53\n".utf8)) && dns.size == 8 && dns.file == "host/etc/dnsmasq.conf")
        #expect(written.artifacts.map(\.location) == ["host", "lxc 220", "vm 310"])
        let raw = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any])
        let first = try #require((raw["artifacts"] as? [[String: Any]])?.first)
        #expect(first["owner"] is NSNull, "every key is present, null when unknown")
    }

    @Test func reRenderingReplacesTheEarlierRenderOnly() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-render")
        let out = scratch.path("out")
        _ = try RenderExport.write(
            [render("dns", [(.host, "/etc/old.conf", "old\n", .file), (.host, "/etc/keep/x", "x\n", .file)])], to: out, source: "a",
            commit: nil)
        try Data("mine\n".utf8).write(to: out.appendingPathComponent("host/etc/notes.txt"))
        _ = try RenderExport.write([render("dns", [(.host, "/etc/keep/x", "y\n", .file)])], to: out, source: "b", commit: nil)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("host/etc/old.conf").path))
        #expect(try String(contentsOf: out.appendingPathComponent("host/etc/keep/x"), encoding: .utf8) == "y\n")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("host/etc/notes.txt").path), "not ours: kept")
    }

    @Test func foreignFoldersConflictsAndEscapesAreRefused() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-render")
        let foreign = scratch.path("foreign")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("precious\n".utf8).write(to: foreign.appendingPathComponent("thesis.tex"))
        #expect(throws: RenderExportError.self) {
            try RenderExport.write([render("dns", [(.host, "/etc/a", "a", .file)])], to: foreign, source: "x", commit: nil)
        }
        #expect(FileManager.default.fileExists(atPath: foreign.appendingPathComponent("thesis.tex").path))
        #expect(throws: RenderExportError.self) {
            try RenderExport.write(
                [render("dns", [(.host, "/etc/a", "a", .file)]), render("nginx", [(.host, "/etc/a", "b", .file)])],
                to: scratch.path("conflict"), source: "x", commit: nil)
        }
        #expect(throws: RenderExportError.self) {
            try RenderExport.write(
                [render("dns", [(.host, "/etc/a", "a", .file), (.host, "/etc/a/b", "b", .file)])],
                to: scratch.path("file-and-folder"), source: "x", commit: nil)
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("file-and-folder").path))
        #expect(throws: RenderExportError.self) {
            try RenderExport.write([render("dns", [(.host, "/etc/../../escape", "a", .file)])], to: scratch.path("escape"), source: "x", commit: nil)
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("escape").path), "nothing written before the checks pass")
    }

    @Test func placementsOfEveryKind() {
        #expect(ArtifactPlacement.relativePath(of: ArtifactKey(location: .host, path: "/etc/x"), stage: "dns") == "host/etc/x")
        #expect(ArtifactPlacement.relativePath(of: ArtifactKey(location: .lxc(7), path: "/a/b"), stage: "dns") == "lxc/7/a/b")
        #expect(ArtifactPlacement.relativePath(of: ArtifactKey(location: .vm(9), path: "c"), stage: "dns") == "vm/9/c")
        #expect(
            ArtifactPlacement.relativePath(of: ArtifactKey(location: .host, path: "swarm/n", kind: .desiredState), stage: "swarm")
                == "desired/swarm/host/swarm/n.state")
        for bad in ["/", "", "/a/./b", "/a/../b", "/a//b", "/a/"] {
            #expect(ArtifactPlacement.relativePath(of: ArtifactKey(location: .host, path: bad), stage: "dns") == nil, "\(bad)")
        }
    }
}
