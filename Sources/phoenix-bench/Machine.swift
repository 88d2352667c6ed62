import Foundation

/// The machine a run happened on, for the header of the results (docs/benchmarks.md asks for it).
enum Machine {
    /// `2 × Intel(R) Xeon(R) Processor, load average 4.29 5.44 6.24 (at start)`.
    static var summary: String {
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let load = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "")
            .split(separator: " ").prefix(3).joined(separator: " ")
        let memory = ProcessInfo.processInfo.physicalMemory / 1_073_741_824
        return "\(cpus) × \(model), \(memory) GiB, load average \(load.isEmpty ? "unknown" : load)"
    }

    /// The build configuration of this executable.
    static var build: String {
        #if DEBUG
            "debug"
        #else
            "release"
        #endif
    }

    /// Current resident set size of this process (`VmRSS`), in bytes; 0 when unknown.
    static var residentBytes: Int { status("VmRSS:") }

    /// Peak resident set size of this process (`VmHWM`), in bytes; 0 when unknown.
    static var peakResidentBytes: Int { status("VmHWM:") }

    private static func status(_ key: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }
}
