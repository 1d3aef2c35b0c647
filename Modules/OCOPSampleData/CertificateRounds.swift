import OCOPDomain

/// Recognition rounds: many products share one decision (số quyết định) and date, as in real
/// provinces. Provincial decisions (`…/QĐ-UBND`) recognise 3★ and 4★; the ministry's recognise 5★
/// (`…/QĐ-BNN-VPĐP`, from 2025 the merged ministry's `…/QĐ-BNNMT`).
struct CertificateRounds: Sendable {
    struct Round: Sendable {
        let number: String
        let date: SampleDate
    }

    static let years = 2019...2025
    /// More recent years weigh more (renewed certificates carry the new date); with these weights
    /// a good share of certificates are older than 36 months, i.e. expired.
    private static let yearWeights = [3, 4, 6, 9, 17, 30, 31]

    private let provincial: [[Round]]
    private let ministerial: [[Round]]
    /// `yearTables[i]`: certificate years from `years.lowerBound + i` on.
    private let yearTables: [WeightedTable<Int>]

    init(_ random: inout SplitMix64) {
        var provincial: [[Round]] = []
        var ministerial: [[Round]] = []
        for year in Self.years {
            provincial.append([(3, 4), (6, 7), (9, 10), (11, 12)].map { months in
                Self.round(year: year, months: months, suffix: "QĐ-UBND", &random)
            })
            let ministry = year >= 2025 ? "QĐ-BNNMT" : "QĐ-BNN-VPĐP"
            ministerial.append([(5, 6), (11, 12)].map { months in
                Self.round(year: year, months: months, suffix: ministry, &random)
            })
        }
        self.provincial = provincial
        self.ministerial = ministerial
        yearTables = Self.years.indices.map { start in
            let offset = Self.years.distance(from: Self.years.startIndex, to: start)
            return WeightedTable(Self.years.enumerated().map { index, year in (year, index >= offset ? Self.yearWeights[index] : 0) })
        }
    }

    /// A decision for a product of a subject founded in `foundedYear` (never before it).
    func pick(stars: StarRating, foundedYear: Int, _ random: inout SplitMix64) -> Round {
        let earliest = min(max(foundedYear, Self.years.lowerBound), Self.years.upperBound)
        let year = yearTables[earliest - Self.years.lowerBound].pick(&random)
        let rounds = (stars == .five ? ministerial : provincial)[year - Self.years.lowerBound]
        return random.pick(rounds)
    }

    private static func round(year: Int, months: (Int, Int), suffix: String, _ random: inout SplitMix64) -> Round {
        let month = random.int(in: months.0...months.1)
        let day = random.int(in: 1...28)
        let number = random.int(in: 100...4999)
        return Round(number: "\(number)/\(suffix)", date: SampleDate(uncheckedYear: year, month: month, day: day))
    }
}
