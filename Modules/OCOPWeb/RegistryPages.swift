import Foundation
import OCOPPluginKit

/// Subjects and products: search, detail, create and edit, photos.
struct RegistryPages {
    let catalogue: Catalogue

    var pages: [WebPage] { [] }
}
