import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages
import Testing

/// Issue #5 item 5: the recall guard over every consecutive pair of a scripted history of realistic
/// commits on the example configuration, with the standard catalogue.
@Suite struct HistoryRecallTests {
    @Test func everyChangedStageIsPlannedAcrossTheHistory() throws {
        let repo = try ExampleRepository()
        let history = try ScriptedHistory.build(in: repo)
        #expect(history.entries.count >= 41, "at least 40 commits after the initial one")
        let repository = try repo.open()
        let planner = Planner(catalogue: .standard, settings: StageSettings())

        var outcomes: [String: RecallGuard.Outcome] = [:]
        var changedTotal = 0
        var runTotal = 0
        var candidateTotal = 0
        var needlessTotal = 0
        for (parent, child) in zip(history.entries, history.entries.dropFirst()) {
            let outcome = try RecallGuard.check(repository, planner: planner, parent: parent.commit, child: child.commit)
            outcomes[child.name] = outcome
            #expect(outcome.missed.isEmpty, "\(child.name): changed but not planned: \(outcome.missed.sorted()) — \(outcome)")
            changedTotal += outcome.changed.count
            runTotal += outcome.run.count
            candidateTotal += outcome.candidates.count
            needlessTotal += outcome.needless.count
            switch child.expectation {
            case .any:
                break
            case .nothing:
                #expect(outcome.candidates.isEmpty, "\(child.name) should plan nothing: \(outcome)")
            case .revertOf(let original):
                let reverted = try #require(outcomes[original])
                #expect(outcome.run == reverted.run, "\(child.name) should run what \(original) ran: \(outcome) vs \(reverted)")
            }
            print("recall-guard \(child.name): \(outcome)")
        }
        let pairs = history.entries.count - 1
        print(
            "recall-guard summary: \(pairs) pairs, \(changedTotal) changed stage renders, \(runTotal) planned runs, "
                + "\(needlessTotal) runs with identical output, \(candidateTotal) rule candidates "
                + "(\(candidateTotal - runTotal) skipped as identical output)")
        #expect(needlessTotal == 0)
    }
}
