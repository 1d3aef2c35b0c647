import Foundation
#if canImport(CMalloc)
import CMalloc
#endif
import OCOPPluginKit
#if canImport(Glibc)
import Glibc
#endif

/// Bounds how many exports (or imports) run at once: each holds memory and a database
/// connection for its whole length, so an unbounded number of anonymous exports could exhaust
/// the server. Beyond the limit the caller gets 503 with Retry-After at once, not a queue.
final class TransferLimiter: @unchecked Sendable {
    let name: String
    let limit: Int
    private let lock = NSLock()
    private var running = 0

    init(name: String, limit: Int) {
        self.name = name
        self.limit = limit
    }

    /// Takes a slot or throws 503; call `release()` exactly once after a successful acquire.
    func acquire() throws(RetryLater) {
        let taken = lock.withLock {
            guard running < limit else { return false }
            running += 1
            return true
        }
        guard taken else {
            throw RetryLater.unavailable("The server is already running \(limit) \(name) at once; try again shortly.", seconds: 5)
        }
    }

    func release() {
        let idle = lock.withLock {
            running = max(0, running - 1)
            return running == 0
        }
        // Large transfers leave freed memory with the allocator; hand it back to the system.
        if idle { Self.trimHeap() }
    }

    /// glibc's `malloc_trim(0)`: large transfers and the search model's build leave freed
    /// memory with the allocator.
    static func trimHeap() {
        #if canImport(CMalloc)
        _ = malloc_trim(0)
        #endif
    }

    var current: Int { lock.withLock { running } }
}
