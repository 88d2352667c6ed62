import Foundation
import PhoenixEngine
import PhoenixReconciler
import Testing

/// Durations, poll and retry schedules: pure functions with exact expected values.
@Suite struct PolicyTests {
    @Test(arguments: [
        ("30s", 30.0), ("5m", 300.0), ("1h", 3600.0), ("1h30m", 5400.0), ("250ms", 0.25), ("1.5s", 1.5), (" 2m ", 120.0),
    ])
    func durationsParse(text: String, seconds: Double) throws {
        #expect(try DurationText.parse(text) == seconds)
    }

    @Test(arguments: ["", "60", "5x", "m5", "-5s", "5 m", "1h-2m"])
    func badDurationsAreRefused(text: String) {
        #expect(throws: DurationTextError.self) { try DurationText.parse(text) }
    }

    @Test func durationsFormatTheWayTheyParse() throws {
        for seconds in [0.25, 1.5, 45, 300, 5400, 3600] as [Double] {
            #expect(try DurationText.parse(DurationText.format(seconds: seconds)) == seconds)
        }
        #expect(DurationText.format(seconds: 5400) == "1h30m")
    }

    @Test func pollDelayJittersAndBacksOffUpToTheCap() {
        let schedule = PollSchedule(intervalSeconds: 60, jitter: 0.1, maxBackoffSeconds: 600)
        #expect(schedule.delay(fetchFailures: 0, unit: 0) == 60)
        #expect(schedule.delay(fetchFailures: 0, unit: 1) == 66)
        #expect(schedule.delay(fetchFailures: 0, unit: -1) == 54)
        #expect(schedule.delay(fetchFailures: 1, unit: 0) == 120)
        #expect(schedule.delay(fetchFailures: 3, unit: 0) == 480)
        #expect(schedule.delay(fetchFailures: 4, unit: 0) == 600)
        #expect(schedule.delay(fetchFailures: 50, unit: 0) == 600)
    }

    @Test func retryDelayDoublesPerFailureUpToTheCap() {
        let policy = RetryPolicy(baseSeconds: 30, maxSeconds: 300)
        #expect([0, 1, 2, 3, 4, 5, 100].map(policy.delay(afterFailures:)) == [0, 30, 60, 120, 240, 300, 300])
    }

    @Test func coalescedOptionsServeEveryTrigger() {
        let poll = RunOptions()
        let apply = RunOptions(fetch: false, revision: "abc", ignoreBackoff: true, lockTimeout: .seconds(5))
        let merged = poll.merged(with: apply)
        #expect(merged.fetch)
        #expect(merged.revision == "abc")
        #expect(merged.ignoreBackoff)
        #expect(merged.lockTimeout == nil)
    }

    @Test func crashPointsComeFromTheEnvironment() {
        let hook = CrashInjection.fromEnvironment(["PHOENIX_CRASH_AT": "after-plan, after-write:3,after-write:2"])
        #expect(hook.points == ["after-plan", "after-write:3", "after-write:2"])
        #expect(hook.writeLimit == 2)
        #expect(!CrashInjection.fromEnvironment([:]).isActive)
    }
}

/// Timestamps survive a trip through the files they are written to.
@Suite struct TimestampTests {
    @Test func textAndFileNamesAreStableAcrossAnEncodeDecodeRoundTrip() throws {
        // Sub-millisecond parts that round up and down, and a negative-free epoch edge.
        for seconds in [1_764_174_164.5246, 1_764_174_164.5244, 1_764_174_164.9996, 1_800_000_000.0, 0.0005] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = Timestamp.format(date)
            let back = try #require(Timestamp.parse(text))
            #expect(Timestamp.format(back) == text)
            #expect(Timestamp.compact(back) == Timestamp.compact(date))
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_800_000_000.5)) == "2027-01-15T08:00:00.500Z")
        #expect(Timestamp.compact(Date(timeIntervalSince1970: 1_764_174_164.9996)) == "20251126T162245.000Z")
    }
}
