import ArgumentParser
import Foundation
import OCOPDomain
import OCOPPluginKit

/// `ocop bac-ninh rewards --year Y`: the rewards due, as a table or CSV.
struct BacNinhCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bac-ninh", abstract: "Bắc Ninh's OCOP incentive policy (plugin vn.bac-ninh).", subcommands: [Rewards.self])

    struct Rewards: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the rewards due for new star levels (decided in a year), with the total.",
            discussion: "Rewards are computed from certification events as `ocop serve` delivers them; `ocop events status` shows what is still pending.")
        @OptionGroup var options: ConfigOptions
        @Option(help: "Only decisions of this year.") var year: Int?
        @Option(help: "table or csv") var format: String = "table"

        func validate() throws {
            guard ["table", "csv"].contains(format) else { throw ValidationError("--format must be table or csv") }
            if let year, !(2019...2100).contains(year) { throw ValidationError("--year must be from 2019 to 2100") }
        }

        func run() async throws {
            let year = self.year, format = self.format
            let output: Data = try await PluginCommands.withContext(options, label: "ocop.bac-ninh") { context in
                guard let state = context.services.resolve(BacNinhState.self) else {
                    throw PluginCommands.fail(["ocop bac-ninh: the plugin vn.bac-ninh is not enabled"])
                }
                if format == "csv" { return try await state.store.csv(year: year, on: context.database.sql) }
                let page = try await state.store.list(.init(year: year, limit: Int(Int32.max), offset: 0), on: context.database.sql)
                let rows = page.items.map { reward in
                    [reward.decidedOn, reward.productName, reward.subjectName, "\(reward.previousStars)→\(reward.stars)★",
                     reward.kind == .newLevel ? "new level" : "upgrade", VND(Int64(reward.amountVND)).formatted]
                }
                var text = TextTable.render(header: ["DECIDED", "PRODUCT", "PRODUCER", "STARS", "KIND", "AMOUNT"], rows: rows)
                text += "\(page.total) reward(s)\(year.map { " decided in \($0)" } ?? ""), total \(VND(Int64(page.amount)).formatted)\n"
                return Data(text.utf8)
            }
            FileHandle.standardOutput.write(output)
        }
    }
}
