import Foundation
import PhoenixDrivers
import Testing

@Suite struct LocationTests {
    @Test func descriptionsAreReadable() {
        #expect(Location.host.description == "host")
        #expect(Location.lxc(101).description == "lxc 101")
        #expect(Location.vm(1001).description == "vm 1001")
    }

    @Test(arguments: [
        ("host", Location.host), ("lxc 101", .lxc(101)), ("lxc:101", .lxc(101)), ("lxc/101", .lxc(101)),
        ("vm 1001", .vm(1001)), (" vm 7 ", .vm(7)),
    ])
    func parsesTextualForms(text: String, expected: Location) {
        #expect(Location(parsing: text) == expected)
    }

    @Test(arguments: ["", "lxc", "lxc 0", "lxc -1", "lxc 01", "ct 101", "vm 10x", "host 1", "lxc 1 2"])
    func rejectsOtherText(text: String) {
        #expect(Location(parsing: text) == nil)
    }

    @Test func codableUsesTheTextualForm() throws {
        let data = try JSONEncoder().encode([Location.host, .lxc(101), .vm(1001)])
        #expect(String(decoding: data, as: UTF8.self) == #"["host","lxc 101","vm 1001"]"#)
        #expect(try JSONDecoder().decode([Location].self, from: data) == [.host, .lxc(101), .vm(1001)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Location].self, from: Data(#"["box 1"]"#.utf8)) }
    }

    @Test func ordersHostThenContainersThenVMs() {
        #expect([Location.vm(1), .lxc(200), .host, .lxc(101)].sorted() == [.host, .lxc(101), .lxc(200), .vm(1)])
    }
}
