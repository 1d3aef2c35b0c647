import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Shared pieces of the subject and product searches.
enum Search {
    /// Escapes LIKE wildcards with `!` (the ESCAPE character used in every pattern).
    static func escapeLike(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "!" { out.append("!") }
            out.append(character)
        }
        return out
    }

    /// The `q` condition on products (alias `p`): the folded name contains the folded `query`
    /// (`name_folded LIKE '%…%'`, the semantics both engines keep), answered from the search
    /// index (`SearchIndex`) when the text has three characters or more.
    ///
    /// SQLite: the row's id is among the FTS5 table's matches, so the page and the count read the
    /// matching rows by id. PostgreSQL: the same `LIKE`, written twice. Its planner estimates a
    /// trigram `LIKE` as if matches were spread evenly over the name order and walks that order
    /// for a 20-row page, reading tens of thousands of rows when they sort late ("mat ong": 56 ms
    /// where the GIN index and a sort take 5 ms); twice the condition squares the estimate, so it
    /// walks the order only for terms in more than about 4 % of the rows, where the walk is cheap.
    static func products(matching query: String, on db: any SQLDatabase) -> any SQLExpression {
        let folded = VietnameseText.fold(query)
        let pattern = "%" + escapeLike(folded) + "%"
        guard indexable(folded) else { return SQLQueryString("p.name_folded LIKE \(bind: pattern) ESCAPE '!'") }
        if db.dialect.name == "sqlite" {
            // The trigram phrase finds the candidates; LIKE keeps the match exactly today's.
            return SQLQueryString("""
                (p.id IN (SELECT rowid FROM \(unsafeRaw: SearchIndex.products) WHERE \(unsafeRaw: SearchIndex.products) MATCH \(bind: phrase(folded))) \
                AND p.name_folded LIKE \(bind: pattern) ESCAPE '!')
                """)
        }
        return SQLQueryString("(p.name_folded LIKE \(bind: pattern) ESCAPE '!' AND p.name_folded LIKE \(bind: pattern) ESCAPE '!')")
    }

    /// The `q` condition without the index: for a page read by walking the name order.
    static func productsScanning(_ query: String) -> any SQLExpression {
        SQLQueryString("p.name_folded LIKE \(bind: "%" + escapeLike(VietnameseText.fold(query)) + "%") ESCAPE '!'")
    }

    /// Whether more than one name in 20 contains `query` (SQLite, from the index's own count:
    /// well under a millisecond for rare texts, a few for common ones). PostgreSQL's planner
    /// makes this choice itself.
    static func isCommon(_ query: String, on db: any SQLDatabase) async throws -> Bool {
        let folded = VietnameseText.fold(query)
        guard db.dialect.name == "sqlite", indexable(folded) else { return false }
        let row = try await db.raw("""
            SELECT (SELECT count(*) FROM \(unsafeRaw: SearchIndex.products) WHERE \(unsafeRaw: SearchIndex.products) MATCH \(bind: phrase(folded))) AS m,
                   (SELECT max(id) FROM \(unsafeRaw: RegistrySchema.products)) AS n
            """).first()
        let matches = try row?.decode(column: "m", as: Int.self) ?? 0
        let rows = try row?.decode(column: "n", as: Int?.self) ?? 0
        return matches * 20 > (rows ?? 0) && matches > 200
    }

    /// The `q` condition on subjects (alias `s`): the folded name contains the folded `query`, or
    /// the registration number is `query` in capitals; from the search index as for products.
    static func subjects(matching query: String, on db: any SQLDatabase) -> any SQLExpression {
        let folded = VietnameseText.fold(query)
        let pattern = "%" + escapeLike(folded) + "%"
        let registration = query.uppercased()
        let plain = SQLQueryString("(s.name_folded LIKE \(bind: pattern) ESCAPE '!' OR s.registration_number = \(bind: registration))")
        guard indexable(folded) else { return plain }
        if db.dialect.name == "sqlite" {
            return SQLQueryString("""
                (s.id IN (SELECT rowid FROM \(unsafeRaw: SearchIndex.subjects) WHERE \(unsafeRaw: SearchIndex.subjects) MATCH \(bind: phrase(folded)) \
                UNION ALL SELECT id FROM \(unsafeRaw: RegistrySchema.subjects) WHERE registration_number = \(bind: registration)) AND \(plain))
                """)
        }
        return SQLQueryString("""
            ((s.name_folded LIKE \(bind: pattern) ESCAPE '!' AND s.name_folded LIKE \(bind: pattern) ESCAPE '!') \
            OR s.registration_number = \(bind: registration))
            """)
    }

    /// Trigram indexes answer substrings of three characters (Unicode scalars, as the FTS5
    /// tokenizer counts them) or more; shorter texts are matched by scanning.
    static func indexable(_ folded: String) -> Bool {
        folded.unicodeScalars.count >= 3
    }

    /// `text` as one FTS5 phrase: a quoted string (quotes doubled) matches its exact characters.
    static func phrase(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Callers outside a record's area see only published subjects: those with an active product.
    static func restrictSubjects(_ builder: SQLSelectBuilder, scope: Scope) -> SQLSelectBuilder {
        let published = "EXISTS (SELECT 1 FROM \(RegistrySchema.products) pp WHERE pp.subject_id = s.id AND pp.status = 'active')"
        switch scope.area {
        case .everything: return builder
        case .nothing: return builder.where(SQLRaw(published))
        case .province(let code): return builder.where(SQLQueryString("(s.province_code = \(bind: code) OR \(unsafeRaw: published))"))
        case .commune(let code): return builder.where(SQLQueryString("(s.commune_code = \(bind: code) OR \(unsafeRaw: published))"))
        case .subject(let id): return builder.where(SQLQueryString("(s.id = \(bind: id) OR \(unsafeRaw: published))"))
        }
    }

    /// Callers outside a product's area see only active products.
    static func restrictProducts(_ builder: SQLSelectBuilder, scope: Scope) -> SQLSelectBuilder {
        switch scope.area {
        case .everything: return builder
        case .nothing: return builder.where(SQLRaw("p.status = 'active'"))
        case .province(let code): return builder.where(SQLQueryString("(p.province_code = \(bind: code) OR p.status = 'active')"))
        case .commune(let code): return builder.where(SQLQueryString("(p.commune_code = \(bind: code) OR p.status = 'active')"))
        case .subject(let id): return builder.where(SQLQueryString("(p.subject_id = \(bind: id) OR p.status = 'active')"))
        }
    }
}
