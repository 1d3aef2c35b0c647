import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLiteKit

/// Opens SQLite connections set up the way an embedded server database should be:
/// WAL (readers never block the writer), foreign keys on, a busy timeout instead of
/// immediate `SQLITE_BUSY`, and `synchronous=NORMAL`, which is durable enough under WAL.
///
/// Connections run their blocking SQLite calls on their own thread pool, sized above the
/// connection count: a connection sleeping in SQLite's busy handler then never starves the
/// connection that holds the lock of a thread to finish on.
struct SQLiteSource: ConnectionPoolSource {
    let path: String
    let busyTimeoutMilliseconds: Int
    let threadPool: NIOThreadPool

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop)
            .flatMap { connection in
                let pragmas = [
                    "PRAGMA journal_mode = WAL",
                    "PRAGMA foreign_keys = ON",
                    "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)",
                    "PRAGMA synchronous = NORMAL",
                ]
                return pragmas.reduce(eventLoop.makeSucceededVoidFuture()) { future, pragma in
                    future.flatMap { connection.query(pragma).map { _ in } }
                }
                .flatMapError { error in connection.close().flatMapThrowing { throw error } }
                .map { connection }
            }
    }
}
