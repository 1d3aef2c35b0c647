/// A first-come, first-served async lock: waiters suspend instead of blocking a thread.
public actor AsyncGate {
    public init() {}

    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public func acquire() async {
        if !held {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    public func release() {
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

extension AsyncGate {
    /// Runs `body` holding the gate.
    nonisolated public func holding<R: Sendable>(_ body: @Sendable () async throws -> R) async throws -> R {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }
}
