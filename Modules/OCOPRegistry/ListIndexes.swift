import OCOPPluginKit

/// Indexes that let a filtered list count its total from the index alone. The public (and
/// every caller outside the product's area) sees active products only, so `status` sits in
/// each index: without it a total re-reads every matching row to test it.
enum ListIndexes {
    static let migration = Migration("0011_list_indexes", statements: [
        "CREATE INDEX registry_products_filter_status ON registry_products (province_code, sector, current_stars, status)",
        "DROP INDEX registry_products_filter",
        "CREATE INDEX registry_products_commune_status ON registry_products (commune_code, status)",
        "DROP INDEX registry_products_commune",
        "CREATE INDEX registry_products_set_status ON registry_products (product_set, status)",
    ])
}
