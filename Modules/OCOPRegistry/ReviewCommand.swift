import ArgumentParser
import Foundation
import OCOPPluginKit

/// `ocop review list|resolve`: the review queue from the command line, as the operator (a
/// national admin) sees it.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Rows an import could not place without a guess (divided pre-2025 communes).",
        subcommands: [List.self, Resolve.self], defaultSubcommand: List.self)

    static let operatorScope = Scope(principal: Principal(userID: 0, username: "operator", role: .nationalAdmin))

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List open (or resolved) review items with their candidates.")
        @OptionGroup var options: ConfigOptions
        @Option(help: ArgumentHelp("Only this province (2025 code).", valueName: "code")) var province: String?
        @Flag(help: "Show resolved items instead of open ones.") var resolved = false

        func run() async throws {
            let province = self.province, state: ReviewItem.State = resolved ? .resolved : .open
            let page = try await PluginCommands.withContext(options, label: "ocop.review") { context in
                try await ReviewQueueStore().list(province: province, state: state, limit: 10_000, offset: 0, on: context.database.sql)
            }
            guard !page.items.isEmpty else { print("no \(state.rawValue) review items"); return }
            print(TextTable.render(header: ["ID", "PROVINCE", "SHEET", "LINE", "CANDIDATES", "REASON"], rows: page.items.map { item in
                [String(item.id), item.provinceCode, item.sheet, String(item.line),
                 item.candidates.map { "\($0.code) \($0.name)" }.joined(separator: "; "), item.reason]
            }), terminator: "")
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Choose the commune of a review item; the record is registered.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The review item's ID (ocop review list).") var id: Int64
        @Option(help: ArgumentHelp("One of the item's candidate communes (2025 code).", valueName: "code")) var commune: String?
        @Option(help: ArgumentHelp("One of the item's candidate product sets (1–26).", valueName: "code")) var productSet: Int?

        func validate() throws {
            guard (commune == nil) != (productSet == nil) else { throw ValidationError("give --commune or --product-set (one of the item's candidates)") }
        }

        func run() async throws {
            let id = self.id, choice = commune ?? productSet.map(String.init) ?? ""
            let item = try await PluginCommands.withContext(options, label: "ocop.review") { context in
                guard let service = context.services.resolve(RegistryService.self) else {
                    throw PluginCommands.fail(["ocop review: the registry plugin is not enabled"])
                }
                do {
                    return try await service.resolve(review: id, choice: choice, scope: ReviewCommand.operatorScope, context: context)
                } catch let error as DomainError {
                    throw PluginCommands.fail(PluginCommands.lines(for: error, flags: ["/commune_code": "--commune", "/product_set": "--product-set"]))
                }
            }
            print("review item \(item.id) resolved: \(item.sheet == "subjects" ? "subject" : "product") \(item.recordID ?? 0) registered with \(item.field == "product_set" ? "product set" : "commune") \(choice)")
        }
    }
}
