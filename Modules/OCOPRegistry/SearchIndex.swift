import OCOPPluginKit
import SQLKit

/// Substring indexes over the folded names, so `q` searches read the matching rows instead of
/// scanning every row (see `Search.products(matching:on:)` and docs/benchmarks.md, "Search index").
///
/// SQLite: an FTS5 table with the trigram tokenizer per registry, holding no text of its own
/// (`content=` the registry table) and kept current by triggers, so every write updates it in
/// its own transaction; `case_sensitive 1` because `name_folded` is already folded, so the
/// index holds the exact trigrams of the stored text. PostgreSQL: `pg_trgm` GIN indexes, which
/// the engine maintains. Both are built for the rows already stored when the migration runs.
enum SearchIndex {
    static let products = "registry_products_search"
    static let subjects = "registry_subjects_search"

    /// On PostgreSQL without `pg_trgm` (not installed, or a role that may not create it) the
    /// migration creates no trigram index: searches stay correct, as scans.
    static let migration = Migration("0010_search_index") { db, engine in
        switch engine {
        case .sqlite:
            for (index, table) in [(products, RegistrySchema.products), (subjects, RegistrySchema.subjects)] {
                for statement in sqliteStatements(index: index, table: table) { try await db.raw(SQLQueryString(statement)).run() }
            }
        case .postgresql:
            // Its own savepoint: a server without the extension (or a role that may not create it)
            // must not abort the migration's transaction; searches then scan, as before.
            try await db.raw("SAVEPOINT search_index_trgm").run()
            do {
                try await db.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm").run()
                try await db.raw("RELEASE SAVEPOINT search_index_trgm").run()
                try await db.raw(SQLQueryString("CREATE INDEX registry_products_name_trgm ON \(unsafeRaw: RegistrySchema.products) USING gin (name_folded gin_trgm_ops)")).run()
                try await db.raw(SQLQueryString("CREATE INDEX registry_subjects_name_trgm ON \(unsafeRaw: RegistrySchema.subjects) USING gin (name_folded gin_trgm_ops)")).run()
            } catch {
                try await db.raw("ROLLBACK TO SAVEPOINT search_index_trgm").run()
            }
        }
        // The published-subject test in subject searches (an active product of the subject) reads
        // this index alone instead of each product's row.
        try await db.create(index: "registry_products_subject_status").on(RegistrySchema.products)
            .column("subject_id").column("status").run()
    }

    static func sqliteStatements(index: String, table: String) -> [String] {
        [
            "CREATE VIRTUAL TABLE \(index) USING fts5(name_folded, content='\(table)', content_rowid='id', tokenize='trigram case_sensitive 1')",
            """
            CREATE TRIGGER \(index)_insert AFTER INSERT ON \(table) BEGIN
              INSERT INTO \(index)(rowid, name_folded) VALUES (new.id, new.name_folded);
            END
            """,
            """
            CREATE TRIGGER \(index)_delete AFTER DELETE ON \(table) BEGIN
              INSERT INTO \(index)(\(index), rowid, name_folded) VALUES ('delete', old.id, old.name_folded);
            END
            """,
            """
            CREATE TRIGGER \(index)_update AFTER UPDATE OF id, name_folded ON \(table)
            WHEN old.id IS NOT new.id OR old.name_folded IS NOT new.name_folded BEGIN
              INSERT INTO \(index)(\(index), rowid, name_folded) VALUES ('delete', old.id, old.name_folded);
              INSERT INTO \(index)(rowid, name_folded) VALUES (new.id, new.name_folded);
            END
            """,
            "INSERT INTO \(index)(\(index)) VALUES ('rebuild')",
        ]
    }
}
