import Foundation
import Hummingbird
import HummingbirdTesting
import PhoenixServer
import Testing

/// A burst of pushes: the server hands every one to the reconciler (no backlog of its own) and answers
/// each with the run the reconciler chose; coalescing is the reconciler's job.
@Suite struct CoalescingTests {
    @Test func tenPushesInABurstYieldTenTriggersAndAtMostTwoRuns() async throws {
        let reconciler = CoalescingReconciler()
        let test = try TestServer(service: reconciler)
        let commits = (0..<10).map { String(format: "%040x", 0xc0ffee + $0) }
        let runIDs = try await test.app.test(.router) { client in
            try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for (index, commit) in commits.enumerated() {
                    let body = Array(Payloads.generic(ref: "refs/heads/main", after: commit).utf8)
                    let headers = try TestServer.headers(.generic, event: "push", body: body)
                    group.addTask {
                        try await client.execute(
                            uri: "/hooks/generic", method: .post, headers: headers, body: ByteBuffer(bytes: body)
                        ) { response throws in
                            #expect(response.status == .accepted)
                            return (index, try TestServer.reply(response).runID)
                        }
                    }
                }
                var ids: [String?] = []
                for try await (_, id) in group { ids.append(id) }
                return ids
            }
        }
        let triggers = await reconciler.triggers
        #expect(triggers.count == 10)
        #expect(runIDs.count == 10)
        #expect(runIDs.allSatisfy { $0 != nil })
        #expect(Set(runIDs.compactMap { $0 }).count <= 2)
        // The queued run applies the newest commit announced, whatever order the requests arrived in.
        #expect(await reconciler.queuedCommit == triggers.last?.commitHint)
        #expect(Set(triggers.compactMap(\.commitHint)) == Set(commits))
    }

    @Test func sequentialBurstCoalescesIntoTheQueuedRun() async throws {
        let reconciler = CoalescingReconciler()
        let test = try TestServer(service: reconciler)
        let dispositions = try await test.app.test(.router) { client in
            var dispositions: [String?] = []
            for index in 0..<10 {
                let body = Array(Payloads.generic(ref: "refs/heads/main", after: String(format: "%040x", index + 1)).utf8)
                let headers = try TestServer.headers(.generic, event: "push", body: body)
                let reply = try await client.execute(
                    uri: "/hooks/generic", method: .post, headers: headers, body: ByteBuffer(bytes: body)
                ) { try TestServer.reply($0) }
                dispositions.append(reply.disposition)
            }
            return dispositions
        }
        #expect(dispositions == ["started", "queued"] + Array(repeating: "coalesced", count: 8))
        #expect(await reconciler.queuedCommit == String(format: "%040x", 10))
    }
}
