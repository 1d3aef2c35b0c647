import OCOPDomain

/// Recognition rounds: many products share one decision (số quyết định) and date, as in real
/// provinces. Who decides follows the act in force on the day (ocop-rules.md §1, §4): the
/// province (`…/QĐ-UBND`) recognises 3★ and 4★ and names potential 5★; the ministry recognises 5★
/// (`…/QĐ-BNN-VPĐP`, from 2025 the merged ministry's `…/QĐ-BNNMT`); under QĐ 148
/// (2023-02-24 … 2025-07-05) each district recognised 3★ itself (its own `…/QĐ-UBND`).
///
/// Decisions fall in the seven years before `today`, never after it nor before the programme
/// began. A year's rounds depend only on the seed, the province and the year, so a later
/// `today` adds rounds without moving the earlier ones.
struct CertificateRounds: Sendable {
    struct Round: Sendable {
        let numeral: Int
        let suffix: String
        let date: SampleDate
        let level: IssuingLevel

        /// `1234/QĐ-UBND`.
        var number: String { "\(numeral)/\(suffix)" }
    }

    enum Pool {
        /// 3★, 4★ and potential 5★ (3★ from a district under QĐ 148).
        case provincial
        /// 5★.
        case ministerial
    }

    static let programmeStart = SampleDate(uncheckedYear: 2018, month: 5, day: 7)  // 490/QĐ-TTg
    static let districtsFrom = SampleDate(uncheckedYear: 2023, month: 2, day: 24)  // 148/QĐ-TTg
    static let districtsUntil = SampleDate(uncheckedYear: 2025, month: 7, day: 6)  // 1489/QĐ-TTg: no districts
    /// Earliest `today` accepted: the first rounds must lie behind it.
    static let earliestToday = SampleDate(uncheckedYear: 2019, month: 1, day: 1)

    /// Weights of decisions by age in whole years, most recent first (7 years): the weights the
    /// calendar years 2025 … 2019 had before, now counted back from `today`. Recent decisions
    /// weigh more (a renewed certificate carries the new date); about a fifth are older than 36
    /// months, i.e. expired on `today`.
    static let ageWeights = [31, 30, 17, 9, 6, 4, 3]

    /// Month windows of the rounds in a year.
    private static let provincialMonths = [(3, 4), (6, 7), (9, 10), (11, 12)]
    private static let ministerialMonths = [(5, 6), (11, 12)]

    /// Rounds dated `programmeStart … today`, oldest first.
    private let provincial: [Round]
    private let ministerial: [Round]
    /// `districtRounds[i][slot]`: the round of district `slot` matching `provincial[i]`, for the
    /// provincial rounds under QĐ 148 (empty otherwise).
    private let districtRounds: [[Round]]
    /// `…Ages[k]`: the indices of the rounds `k` whole years old (contiguous, the list being sorted).
    private let provincialAges: [Range<Int>]
    private let ministerialAges: [Range<Int>]

    /// `seed` is the dataset's (already mixed with the province); `districts` the number of the
    /// province's pre-2025 districts.
    init(seed: UInt64, districts: Int, today: SampleDate) {
        var provincial: [Round] = []
        var ministerial: [Round] = []
        var districtRounds: [[Round]] = []
        for year in Self.programmeStart.year...today.year {
            // Every round of the year is drawn, kept or not, so its numbers never depend on `today`.
            var random = SplitMix64(seed: seed ^ (UInt64(year) &* 0xA24B_AED4_963E_E407))
            var used: Set<Int> = []
            // Registers number decisions through the year, so a later round has a larger number;
            // numbers stay distinct across levels, which keeps certificate numbers unique.
            func numeral(_ date: SampleDate, perDay: Int, _ random: inout SplitMix64) -> Int {
                var number = date.dayOfYear * perDay + random.below(perDay)
                while !used.insert(number).inserted { number += 1 }
                return number
            }
            for months in Self.provincialMonths {
                let date = Self.date(year: year, months: months, &random)
                let round = Round(numeral: numeral(date, perDay: 15, &random), suffix: "QĐ-UBND", date: date, level: .province)
                var byDistrict: [Round] = []
                if Self.districtsFrom <= date && date < Self.districtsUntil {
                    // Districts decide in the same month as the province, never after it.
                    for _ in 0..<districts {
                        let day = SampleDate(uncheckedYear: year, month: date.month, day: random.int(in: 1...date.day))
                        byDistrict.append(Round(numeral: numeral(day, perDay: 6, &random), suffix: "QĐ-UBND", date: day, level: .district))
                    }
                }
                if Self.programmeStart <= date && date <= today {
                    provincial.append(round)
                    districtRounds.append(byDistrict)
                }
            }
            let ministry = year >= 2025 ? "QĐ-BNNMT" : "QĐ-BNN-VPĐP"
            for months in Self.ministerialMonths {
                let date = Self.date(year: year, months: months, &random)
                let round = Round(numeral: numeral(date, perDay: 12, &random), suffix: ministry, date: date, level: .central)
                if Self.programmeStart <= date && date <= today { ministerial.append(round) }
            }
        }
        self.provincial = provincial
        self.ministerial = ministerial
        self.districtRounds = districtRounds
        provincialAges = Self.ages(of: provincial, today: today)
        ministerialAges = Self.ages(of: ministerial, today: today)
    }

    /// A decision of `pool` on or after `earliest` (the subject's founding), for a product of the
    /// district `district` (index among the province's pre-2025 districts).
    func pick(_ pool: Pool, stars: StarRating, district: Int, earliest: SampleDate, _ random: inout SplitMix64) -> Round {
        let rounds = pool == .provincial ? provincial : ministerial
        let ages = pool == .provincial ? provincialAges : ministerialAges
        let first = rounds.firstIndex { $0.date >= earliest } ?? rounds.endIndex
        // An age without an eligible round drops out; the others keep their weights.
        var total = 0
        for (age, range) in ages.enumerated() where max(range.lowerBound, first) < range.upperBound {
            total += Self.ageWeights[age]
        }
        // Without one (a subject founded after every round): the latest round there is. The
        // programme's first rounds lie before `earliestToday`, so there always is one.
        var index = rounds.count - 1
        var target = total > 0 ? random.below(total) : 0
        for (age, range) in ages.enumerated() where total > 0 {
            let low = max(range.lowerBound, first)
            guard low < range.upperBound else { continue }
            if target < Self.ageWeights[age] {
                index = low + random.below(range.upperBound - low)
                break
            }
            target -= Self.ageWeights[age]
        }
        if pool == .provincial && stars == .three, !districtRounds[index].isEmpty {
            let byDistrict = districtRounds[index]
            return byDistrict[min(max(district, 0), byDistrict.count - 1)]
        }
        return rounds[index]
    }

    private static func date(year: Int, months: (Int, Int), _ random: inout SplitMix64) -> SampleDate {
        let month = random.int(in: months.0...months.1)
        return SampleDate(uncheckedYear: year, month: month, day: random.int(in: 1...28))
    }

    /// Index ranges of `rounds` (oldest first) by whole years before `today`: age `k` holds the
    /// dates after `today` − 12(k+1) months, up to `today` − 12k months.
    private static func ages(of rounds: [Round], today: SampleDate) -> [Range<Int>] {
        ageWeights.indices.map { age in
            let newest = today.adding(months: -12 * age)
            let oldest = today.adding(months: -12 * (age + 1))
            let low = rounds.firstIndex { $0.date > oldest } ?? rounds.endIndex
            let high = rounds.firstIndex { $0.date > newest } ?? rounds.endIndex
            return low..<max(low, high)
        }
    }
}
