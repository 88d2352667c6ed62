import Foundation
import PhoenixTesting
import Testing

/// What a first try following the README met, each as the user meets it: through the executable.
@Suite struct FirstTryTests {
    @Test func aMissingLocalRepositoryIsNamedWithTheNextStep() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-cli")
        let missing = scratch.path("no-such-config.git").path
        let result = try Binary.run(
            ["apply", "--repo", missing, "--state-dir", scratch.path("state").path], in: scratch.url)
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(missing) does not exist"), "\(result.stderr)")
        #expect(result.stderr.contains("phoenix-gitops init \(missing)"))
        #expect(!result.stderr.contains("unsupported URL protocol"))
        #expect(result.stdout.isEmpty)
    }

    @Test func initThenWatchOnceSucceedsOnTheFirstRun() throws {
        let scratch = try ScratchDirectory(prefix: "phoenix-cli")
        let remote = scratch.path("config.git").path
        let made = try Binary.run(["init", remote], in: scratch.url)
        #expect(made.succeeded, "\(made.stderr)")
        #expect(made.stdout.contains("phoenix-gitops watch --repo \(remote)"))
        // The step `init` prints, as printed (state in the default .phoenix of the working directory).
        let watch = try Binary.run(["watch", "--once", "--repo", remote], in: scratch.url)
        #expect(watch.status == 0, "\(watch.stdout)\n\(watch.stderr)")
        #expect(!watch.stdout.contains("trusted-ca (failed)"), "\(watch.stdout)")
    }

    @Test func aBusyListenPortIsNamedWithTheNextStep() throws {
        let fixture = try CLIFixture()
        let occupied = try #require(OccupiedPort())
        let result = try Binary.run(
            ["watch", "--listen", "127.0.0.1:\(occupied.port)"] + fixture.arguments(state: "state"),
            in: fixture.scratch.url, timeout: 60)
        #expect(result.status != 0)
        #expect(
            result.stderr.contains("cannot listen on 127.0.0.1:\(occupied.port): the address is already in use"),
            "\(result.stderr)")
        #expect(result.stderr.contains("--listen HOST:PORT"))
        #expect(!result.stderr.contains("errno"))
    }
}
