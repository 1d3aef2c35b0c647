import Foundation
import OCOPPluginKit
import SQLKit

/// Keeps `current_stars` true as certificates expire: recomputed at start and then hourly
/// (a certificate expires at the end of a calendar day, so an hour's lag is the worst case).
final class StandingRefresher: PluginService, @unchecked Sendable {
    let name = "standing-refresher"
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    /// The first pass runs in the background too, so a large registry does not delay serving.
    func start(context: PluginContext) async throws {
        let task = Task {
            while !Task.isCancelled {
                do { try await self.refresh(context.database.sql) } catch {
                    context.logger.error("refreshing current stars failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: .seconds(3600))
            }
        }
        lock.withLock { self.task = task }
    }

    /// Waits for a pass in progress, so the database is not closed under it.
    func stop(context: PluginContext) async {
        let task = lock.withLock { self.task }
        task?.cancel()
        await task?.value
    }

    /// Clears the stars of products whose latest certificate has expired.
    func refresh(_ db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE \(unsafeRaw: RegistrySchema.products) SET current_stars = NULL
            WHERE current_stars IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM \(unsafeRaw: RegistrySchema.certifications) c
                WHERE c.product_id = \(unsafeRaw: RegistrySchema.products).id AND c.valid_until >= \(bind: Clock.today()))
            """).run()
    }
}
