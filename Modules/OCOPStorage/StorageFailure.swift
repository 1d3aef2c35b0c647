import OCOPPluginKit
import PostgresKit
import SQLiteKit
@preconcurrency import AsyncKit

/// Turns the driver errors that contention causes into answers a client can act on, instead
/// of a 500: the database busy (a long import in another process holds SQLite's write lock,
/// or PostgreSQL gave up on a lock) is 503 with Retry-After; a uniqueness race (two writers
/// creating the same record at once) is 409 naming the conflicting key.
enum StorageFailure {
    static func map(_ error: any Error) -> any Error {
        if let sqlite = error as? SQLiteError {
            switch sqlite.reason {
            case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot, .lockedBySharedCache:
                return busy
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed:
                return conflict(sqlite.message.replacingOccurrences(of: "UNIQUE constraint failed: ", with: "the same "))
            default:
                return error
            }
        }
        if let psql = error as? PSQLError, let state = psql.serverInfo?[.sqlState] {
            switch state {
            case "23505":
                return conflict(psql.serverInfo?[.detail] ?? psql.serverInfo?[.message] ?? "a unique key")
            case "40001", "40P01", "55P03", "57014":
                return busy
            default:
                return error
            }
        }
        if error is ConnectionPoolTimeoutError { return busy }
        return error
    }

    static let busy = RetryLater.unavailable("The database is busy with another write (an import, say); try again in a moment.", seconds: 2)

    static func conflict(_ key: String) -> Problem {
        Problem(status: 409, title: "Conflict",
                detail: "Another change saved at the same moment holds \(key). Nothing was written; reload and try again.")
    }
}
