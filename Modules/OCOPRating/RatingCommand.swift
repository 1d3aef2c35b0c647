import ArgumentParser
import Foundation
import OCOPPluginKit

/// `ocop rating verify|expiring|dossiers`: tamper evidence, the expiry list and the dossiers.
struct RatingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rating", abstract: "The evaluation cycle (plugin ocop.rating): verify the record, list expiring certificates and dossiers.",
        subcommands: [Verify.self, Expiring.self, Dossiers.self, RoundBench.self])

    static func service(_ context: PluginContext) throws -> RatingService {
        guard let service = context.services.resolve(RatingService.self) else {
            throw PluginCommands.fail(["ocop rating: the plugin ocop.rating is not enabled"])
        }
        return service
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every hash chain and check each sheet, result, decision and state against it.",
            discussion: "Exits with status 1 and one line per problem when anything was edited, added or removed behind the platform's back.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let report = try await PluginCommands.withContext(options, label: "ocop.rating") { context in
                _ = try RatingCommand.service(context)
                return try await HashChain.verify(store: context.database)
            }
            print("\(report.chains) chain(s), \(report.entries) entr\(report.entries == 1 ? "y" : "ies"), \(report.rowsChecked) record(s) checked")
            guard report.problems.isEmpty else {
                throw PluginCommands.fail(report.problems + ["\(report.problems.count) problem(s): the rating record was changed outside the platform"])
            }
            print("ok: every chain links and every record matches its entry")
        }
    }

    struct Expiring: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Certificates ending within N days (default 30), soonest first.")
        @OptionGroup var options: ConfigOptions
        @Option(help: "Days ahead.") var within: Int = ProgrammeCalendar.expiryNoticeDays
        @Option(help: "Only this province (code).") var province: String?
        @Option(help: ArgumentHelp("Count from this day instead of today (YYYY-MM-DD).", valueName: "date")) var today: String?

        func validate() throws {
            guard (0...3660).contains(within) else { throw ValidationError("--within must be from 0 to 3660 days") }
            if let today, !ProgrammeDate.isDate(today) { throw ValidationError("--today must be a date (YYYY-MM-DD), found '\(today)'") }
        }

        func run() async throws {
            let within = self.within, province = self.province, today = self.today ?? RatingClock.today()
            let items = try await PluginCommands.withContext(options, label: "ocop.rating") { context in
                try await RatingCommand.service(context).expiring(within: within, today: today, province: province, by: nil, on: context.database.sql)
            }
            print(TextTable.render(header: ["UNTIL", "DAYS", "STARS", "PRODUCT", "ID", "PROVINCE", "CERTIFICATE", "NOTIFIED"], rows: items.map {
                [$0.validUntil, String($0.daysLeft), "\($0.stars)★", $0.productName, String($0.productID), $0.provinceCode,
                 $0.certificateNumber ?? "-", $0.notifiedOn ?? "-"]
            }), terminator: "")
            print("\(items.count) certificate(s) end within \(within) days of \(today)")
        }
    }

    struct Dossiers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dossiers (newest first), optionally by state.")
        @OptionGroup var options: ConfigOptions
        @Option(help: "draft, submitted, checking, returned, eligible, scoring, completed or cancelled") var state: String?
        @Option(help: "At most this many.") var limit: Int = 50

        func validate() throws {
            if let state, DossierState(rawValue: state) == nil {
                throw ValidationError("--state: expected one of \(DossierState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard (1...Paging.maxLimit).contains(limit) else { throw ValidationError("--limit must be from 1 to \(Paging.maxLimit)") }
        }

        func run() async throws {
            let filter = RatingService.DossierFilter(state: state.flatMap(DossierState.init(rawValue:)), roundID: nil, productID: nil, limit: limit, offset: 0)
            let page = try await PluginCommands.withContext(options, label: "ocop.rating") { context in
                let admin = Principal(userID: 0, username: "cli", role: .nationalAdmin)
                return try await RatingCommand.service(context).list(filter, by: admin, on: context.database.sql)
            }
            print(TextTable.render(header: ["ID", "STATE", "STAGE", "KIND", "SET", "PRODUCT", "PROVINCE"], rows: page.items.map {
                [String($0.id), $0.state, $0.stage, $0.kind, $0.criteriaSet, $0.productName, $0.provinceCode]
            }), terminator: "")
            print("\(page.items.count) of \(page.total) dossier(s)")
        }
    }
}
