import Foundation
import Testing

@testable import PhoenixCore

@Suite struct JSONDiffTests {
    func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(text).root
    }

    @Test func keyOrderWhitespaceAndNumberSpellingAreNoChange() throws {
        let old = try parse("{\"a\": 1, \"b\": [1, 2, {\"c\": \"x\"}], \"d\": 2.50}")
        let new = try parse("{\n    \"d\": 2.5,\n    \"b\": [ 1,2 , { \"c\" : \"x\" } ],\n    \"a\": 1.0\n}")
        #expect(JSONDiff.diff(old: old, new: new).isEmpty)
    }

    @Test func scalarChangeAddAndRemove() throws {
        let old = try parse("{\"a\": 1, \"gone\": true, \"nested\": {\"x\": \"1\"}}")
        let new = try parse("{\"a\": 2, \"nested\": {\"x\": \"1\", \"y\": null}}")
        let changes = JSONDiff.diff(old: old, new: new)
        #expect(changes.map(\.description) == ["removed /gone", "changed /a", "added /nested/y"])
        let changed = try #require(changes.first { $0.kind == .changed })
        #expect(changed.oldValue?.intValue == 1 && changed.newValue?.intValue == 2)
        #expect(changed.newValue?.location.column == 7)
    }

    @Test func insertingAVMDoesNotChangeTheVMsAfterIt() throws {
        let old = try parse("""
            {"vms": [{"vmid": 1001, "name": "a"}, {"vmid": 1002, "name": "b"}, {"vmid": 1003, "name": "c"}]}
            """)
        let new = try parse("""
            {"vms": [{"vmid": 1001, "name": "a"}, {"vmid": 1005, "name": "new"}, {"vmid": 1002, "name": "b"},
                     {"vmid": 1003, "name": "c2"}]}
            """)
        let changes = JSONDiff.diff(old: old, new: new)
        #expect(changes.count == 2)
        let renamed = try #require(changes.first { $0.kind == .changed })
        #expect(renamed.pointer.description == "/vms/3/name")
        #expect(renamed.oldPointer?.description == "/vms/2/name")
        #expect(renamed.identity == "vmid=1003")
        #expect(renamed.identityPath == "/vms/vmid=1003/name")
        let added = try #require(changes.first { $0.kind == .added })
        #expect(added.pointer.description == "/vms/1")
        #expect(added.identity == "vmid=1005")
        #expect(added.newValue?["name"]?.stringValue == "new")
    }

    @Test func removingAVMIsOneRemoval() throws {
        let old = try parse("{\"vms\": [{\"vmid\": 1, \"name\": \"a\"}, {\"vmid\": 2, \"name\": \"b\"}]}")
        let new = try parse("{\"vms\": [{\"vmid\": 2, \"name\": \"b\"}]}")
        let changes = JSONDiff.diff(old: old, new: new)
        #expect(changes.map(\.description) == ["removed /vms/0 (vmid=1)"])
        #expect(changes.first?.newPointer == nil)
    }

    @Test func lxcKeyRenameIsRemoveAndAdd() throws {
        let old = try parse("{\"lxc_configs\": {\"101\": {\"name\": \"gw\"}, \"102\": {\"name\": \"t\"}}}")
        let new = try parse("{\"lxc_configs\": {\"104\": {\"name\": \"gw\"}, \"102\": {\"name\": \"t\"}}}")
        let changes = JSONDiff.diff(old: old, new: new)
        #expect(changes.map(\.description) == ["removed /lxc_configs/101", "added /lxc_configs/104"])
    }

    @Test func namedListsMatchByName() throws {
        let old = try parse("{\"variables\": [{\"name\": \"A\", \"value\": \"1\"}, {\"name\": \"B\", \"value\": \"2\"}]}")
        let new = try parse("{\"variables\": [{\"name\": \"B\", \"value\": \"3\"}, {\"name\": \"A\", \"value\": \"1\"}]}")
        let changes = JSONDiff.diff(old: old, new: new)
        #expect(changes.map(\.description) == ["changed /variables/0/value (name=B)"])
        #expect(changes.first?.oldPointer?.description == "/variables/1/value")
    }

    @Test func identityKeysAreAParameter() throws {
        let old = try parse("[{\"common_name\": \"a\", \"x\": 1}, {\"common_name\": \"b\", \"x\": 1}]")
        let new = try parse("[{\"common_name\": \"b\", \"x\": 2}, {\"common_name\": \"a\", \"x\": 1}]")
        let byIdentity = JSONDiff.diff(old: old, new: new, identityKeys: ["common_name"])
        #expect(byIdentity.map(\.description) == ["changed /0/x (common_name=b)"])
        // Without the key, the sequence alignment pairs what it can: the swap shows as remove + add.
        let bySequence = JSONDiff.diff(old: old, new: new, identityKeys: [])
        #expect(bySequence.map(\.kind) == [.added, .removed] || bySequence.map(\.kind) == [.removed, .added])
    }

    @Test func arraysWithoutIdentityUseSequenceAlignment() throws {
        let old = try parse("{\"features\": [\"a\", \"b\", \"c\"], \"rules\": [{\"port\": \"1\"}, {\"port\": \"2\"}]}")
        let new = try parse("{\"features\": [\"x\", \"a\", \"b\", \"c\"], \"rules\": [{\"port\": \"1\"}, {\"port\": \"3\"}]}")
        let changes = JSONDiff.diff(old: old, new: new)
        #expect(changes.map(\.description) == ["added /features/0", "changed /rules/1/port"])
    }

    @Test func wholeDocumentAddedOrRemoved() throws {
        let value = try parse("[1]")
        #expect(JSONDiff.diff(old: nil, new: value).map(\.description) == ["added (root)"])
        #expect(JSONDiff.diff(old: value, new: nil).map(\.description) == ["removed (root)"])
        #expect(JSONDiff.diff(old: nil, new: nil).isEmpty)
    }

    @Test func typeChangeIsOneChange() throws {
        let changes = JSONDiff.diff(old: try parse("{\"a\": {\"b\": 1}}"), new: try parse("{\"a\": [1]}"))
        #expect(changes.map(\.description) == ["changed /a"])
    }

    @Test func corpusReformattedHasNoChanges() throws {
        guard Corpus.isAvailable else {
            print("SKIPPED corpusReformattedHasNoChanges: corpus not found at \(Corpus.root.path)")
            return
        }
        let url = Corpus.root.appendingPathComponent("config/phoenix_vm_configs.json")
        let data = try Data(contentsOf: url)
        let original = try JSONParser.parse(data).root
        // Reformat with Foundation (different whitespace, sorted keys) and compare semantically.
        let object = try JSONSerialization.jsonObject(with: data)
        let reformatted = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        #expect(JSONDiff.diff(old: original, new: try JSONParser.parse(reformatted).root).isEmpty)
    }
}
