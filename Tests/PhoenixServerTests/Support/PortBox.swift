/// The port the daemon's server bound, handed from its start-up callback to the test.
actor PortBox {
    private(set) var port: Int?
    private var waiters: [CheckedContinuation<Int?, Never>] = []

    func set(_ port: Int?) {
        self.port = port
        for waiter in waiters { waiter.resume(returning: port) }
        waiters = []
    }

    func wait() async -> Int? {
        if let port { return port }
        return await withCheckedContinuation { waiters.append($0) }
    }
}
