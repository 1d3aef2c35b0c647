import OCOPDomain
import OCOPPluginKit

/// The reward amounts and the dates they apply to, from the plugin's YAML section:
///
/// ```yaml
/// vn.bac-ninh:
///   province: "24"
///   policies:
///     - from: 2024-01-01          # decisions dated on or after (Vietnam's calendar)
///       until: 2025-12-31         # optional: on or before
///       new_star_level: {3: 8000000, 4: 10000000}
///       upgrade: 2000000
/// ```
public struct RewardPolicies: Decodable, Sendable, Equatable {
    public struct Policy: Decodable, Sendable, Equatable {
        public var from: String
        public var until: String?
        /// Amount (integer đồng) when a product is first recognised at this level.
        public var newStarLevel: [Int: Int]
        /// Amount when a product reaches a level above every level it had.
        public var upgrade: Int

        enum CodingKeys: String, CodingKey {
            case from, until, upgrade
            case newStarLevel = "new_star_level"
        }

        public init(from: String, until: String? = nil, newStarLevel: [Int: Int], upgrade: Int) {
            self.from = from
            self.until = until
            self.newStarLevel = newStarLevel
            self.upgrade = upgrade
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            from = try c.decode(String.self, forKey: .from)
            until = try c.decodeIfPresent(String.self, forKey: .until)
            upgrade = try c.decodeIfPresent(Int.self, forKey: .upgrade) ?? 0
            let levels = try c.decodeIfPresent([String: Int].self, forKey: .newStarLevel) ?? [:]
            var parsed: [Int: Int] = [:]
            for (key, amount) in levels {
                guard let stars = Int(key), (3...5).contains(stars) else {
                    throw DecodingError.dataCorruptedError(forKey: .newStarLevel, in: c,
                                                           debugDescription: "star levels are 3, 4 or 5 (only 3★ and above are recognised), found '\(key)'")
                }
                guard amount >= 0 else {
                    throw DecodingError.dataCorruptedError(forKey: .newStarLevel, in: c, debugDescription: "amounts are whole đồng ≥ 0, found \(amount)")
                }
                parsed[stars] = amount
            }
            newStarLevel = parsed
            guard ProgrammeCalendar.parse(from) != nil else {
                throw DecodingError.dataCorruptedError(forKey: .from, in: c, debugDescription: "expected a date YYYY-MM-DD, found '\(from)'")
            }
            if let until {
                guard ProgrammeCalendar.parse(until) != nil, until >= from else {
                    throw DecodingError.dataCorruptedError(forKey: .until, in: c, debugDescription: "expected a date YYYY-MM-DD on or after \(from), found '\(until)'")
                }
            }
            guard upgrade >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .upgrade, in: c, debugDescription: "amounts are whole đồng ≥ 0, found \(upgrade)")
            }
        }

        func covers(_ date: String) -> Bool { date >= from && (until.map { date <= $0 } ?? true) }
    }

    /// The province whose products are rewarded (2025 code; Bắc Ninh is 24).
    public var province: String
    public var policies: [Policy]

    /// Bắc Ninh's 2024 policy.
    public static let bacNinh2024 = RewardPolicies(province: "24", policies: [
        Policy(from: "2024-01-01", newStarLevel: [3: 8_000_000, 4: 10_000_000], upgrade: 2_000_000),
    ])

    public init(province: String, policies: [Policy]) {
        self.province = province
        self.policies = policies
    }

    enum CodingKeys: String, CodingKey { case province, policies }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        province = try c.decodeIfPresent(String.self, forKey: .province) ?? Self.bacNinh2024.province
        policies = try c.decodeIfPresent([Policy].self, forKey: .policies) ?? Self.bacNinh2024.policies
        guard ProvinceCode(province).flatMap({ (try? AdminUnits.shared)?.province($0) }) != nil else {
            throw DecodingError.dataCorruptedError(forKey: .province, in: c, debugDescription: "'\(province)' is not a current (2025) province code")
        }
        let sorted = policies.sorted { $0.from < $1.from }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.until.map({ $0 >= later.from }) ?? true {
            throw DecodingError.dataCorruptedError(forKey: .policies, in: c,
                                                   debugDescription: "the policy from \(earlier.from) overlaps the one from \(later.from); give the earlier one an 'until' before \(later.from)")
        }
    }

    /// The reward for a product reaching `stars` on `date`, having reached at most `previous`
    /// before (0: never certified); nil when nothing is due.
    func reward(stars: Int, previous: Int, decidedOn date: String) -> (kind: Reward.Kind, amount: Int)? {
        guard stars > previous, let policy = policies.first(where: { $0.covers(date) }) else { return nil }
        if previous == 0 {
            guard let amount = policy.newStarLevel[stars], amount > 0 else { return nil }
            return (.newLevel, amount)
        }
        return policy.upgrade > 0 ? (.upgrade, policy.upgrade) : nil
    }
}
