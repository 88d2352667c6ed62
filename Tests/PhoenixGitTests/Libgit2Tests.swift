import PhoenixGit
import Testing

@Suite struct Libgit2Tests {
    @Test func reportsLinkedVersion() {
        let parts = Libgit2.version.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3)
        #expect(parts.first == 1)
    }
}
