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
