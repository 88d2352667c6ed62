/// A line edit script by Myers' O((N+M)·D) algorithm, after trimming the common prefix and suffix
/// (which makes the usual plan, one changed line in a large rendered file, cost O(N)).
///
/// Memory is O(D²); past `maxEdits` differences the middle is given as "all removed, all added", which
/// is still a correct (if less minimal) diff.
enum LineDiff {
    /// One step of the script.
    enum Operation: Equatable {
        case equal
        case delete
        case insert
    }

    /// The script turning `old` into `new`.
    static func script<Line: Hashable>(_ old: [Line], _ new: [Line], maxEdits: Int = 4_000) -> [Operation] {
        var prefix = 0
        while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix && suffix < new.count - prefix
            && old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        let a = Array(old[prefix..<(old.count - suffix)])
        let b = Array(new[prefix..<(new.count - suffix)])
        let middle =
            myers(a, b, maxEdits: maxEdits)
            ?? Array(repeating: .delete, count: a.count) + Array(repeating: .insert, count: b.count)
        return Array(repeating: .equal, count: prefix) + middle + Array(repeating: .equal, count: suffix)
    }

    private static func myers<Line: Hashable>(_ a: [Line], _ b: [Line], maxEdits: Int) -> [Operation]? {
        let n = a.count
        let m = b.count
        if n == 0 || m == 0 {
            return Array(repeating: .delete, count: n) + Array(repeating: .insert, count: m)
        }
        let limit = min(n + m, maxEdits)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var found: Int?
        search: for d in 0...limit {
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                    ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n && y < m && a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m {
                    trace.append(Array(v[(offset - d)...(offset + d)]))
                    found = d
                    break search
                }
            }
            trace.append(Array(v[(offset - d)...(offset + d)]))
        }
        guard let edits = found else { return nil }
        var operations: [Operation] = []
        operations.reserveCapacity(n + m)
        var x = n
        var y = m
        for d in stride(from: edits, to: 0, by: -1) {
            let previous = trace[d - 1]
            func at(_ k: Int) -> Int { previous[k + d - 1] }
            let k = x - y
            let previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let previousX = at(previousK)
            let previousY = previousX - previousK
            let startX = previousK == k + 1 ? previousX : previousX + 1
            while x > startX {
                operations.append(.equal)
                x -= 1
                y -= 1
            }
            operations.append(previousK == k + 1 ? .insert : .delete)
            x = previousX
            y = previousY
        }
        while x > 0 && y > 0 {
            operations.append(.equal)
            x -= 1
            y -= 1
        }
        return operations.reversed()
    }
}
