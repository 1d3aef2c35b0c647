import Foundation
import OCOPPluginKit

/// CSV imports: upload a file, see the dry run's errors by line, then import.
struct ImportPages {
    let catalogue: Catalogue

    var pages: [WebPage] { [] }
}
