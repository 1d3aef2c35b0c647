import Logging
import NIOCore
import OCOPPluginKit
import PostgresKit
import SQLKit

/// Loads rows with PostgreSQL's `COPY … FROM STDIN` (text format) on the transaction's own
/// connection: one round trip for the whole batch instead of one statement per few hundred rows.
struct CopyBulkLoader: BulkLoader {
    func insert(into table: String, columns: [String], rows: [[BulkValue]], on database: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        guard let session = database as? SessionSQLDatabase, let connection = session.connection as? PostgresConnection else {
            try await InsertBulkLoader().insert(into: table, columns: columns, rows: rows, on: database)
            return
        }
        let logger = database.logger
        do {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    // Sent in pieces of 64 KB: the server parses and indexes one while the next
                    // is written (a batch sent whole left it idle while it was formatted).
                    var buffer = ByteBuffer()
                    buffer.reserveCapacity(1 << 17)
                    for row in rows {
                        for (index, value) in row.enumerated() {
                            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                            Self.write(value, to: &buffer)
                        }
                        buffer.writeInteger(UInt8(ascii: "\n"))
                        if buffer.readableBytes >= 1 << 16 {
                            try await writer.write(buffer)
                            buffer.clear()
                        }
                    }
                    if buffer.readableBytes > 0 { try await writer.write(buffer) }
                }
        }
    }

    /// COPY's text format: `\N` is NULL; backslash, tab, newline and carriage return are escaped.
    static func write(_ value: BulkValue, to buffer: inout ByteBuffer) {
        switch value {
        case .null:
            buffer.writeStaticString("\\N")
        case .integer(let number):
            buffer.writeString(String(number))
        case .text(let text):
            // Copied in runs between the bytes to escape (a byte at a time cost more than COPY itself).
            var text = text
            text.withUTF8 { bytes in
                var start = 0
                for index in 0..<bytes.count {
                    let escaped: StaticString
                    switch bytes[index] {
                    case UInt8(ascii: "\\"): escaped = "\\\\"
                    case UInt8(ascii: "\t"): escaped = "\\t"
                    case UInt8(ascii: "\n"): escaped = "\\n"
                    case UInt8(ascii: "\r"): escaped = "\\r"
                    default: continue
                    }
                    buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                    buffer.writeStaticString(escaped)
                    start = index + 1
                }
                buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count])))
            }
        }
    }
}
