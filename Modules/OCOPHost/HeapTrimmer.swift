import Foundation
#if canImport(CMalloc)
import CMalloc
#endif

/// Hands the memory glibc keeps free back to the system once the host goes quiet. A busy spell
/// (64 connections' request buffers, a search model's build) leaves freed chunks in the arenas,
/// which glibc only returns from the top of the heap: at 1,000,000 products about 10 MB stayed
/// resident after the benchmark's load until `malloc_trim`. A trim took 0.15 ms after a
/// 100,000-product load; it still runs once per quiet spell only, never under load.
enum HeapTrimmer {
    /// Every `interval`, the process's CPU time: once the host has worked `busy` since the last
    /// trim and the last interval used less than `quiet` of a core (idle background jobs take about 1 %), trim.
    static func run(interval: Duration = .seconds(1), busy: Double = 0.1, quiet: Double = 0.05) async {
        #if canImport(CMalloc)
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        var last = cpuSeconds()
        var worked = 0.0
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            let now = cpuSeconds()
            let used = now - last
            last = now
            worked += used
            guard worked >= busy, used < quiet * seconds else { continue }
            _ = malloc_trim(0)
            worked = 0
            last = cpuSeconds()
        }
        #endif
    }

    #if canImport(CMalloc)
    /// User and system CPU time of the whole process.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
    #endif
}
