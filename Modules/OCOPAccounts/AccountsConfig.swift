/// The `plugins: ocop.accounts:` section.
public struct AccountsConfig: Decodable, Sendable, Equatable {
    /// bcrypt work factor (log2 rounds). 12 takes a few hundred milliseconds per sign-in on a
    /// server core; tests use 4. Above 15 a sign-in would take seconds.
    public var bcryptCost: Int
    /// How long an API token stays valid after it is issued.
    public var tokenTTLDays: Int

    public static let bcryptCostRange = 4...15
    public static let tokenTTLRange = 1...3650

    enum CodingKeys: String, CodingKey {
        case bcryptCost = "bcrypt_cost"
        case tokenTTLDays = "token_ttl_days"
    }

    public init(bcryptCost: Int = 12, tokenTTLDays: Int = 90) {
        self.bcryptCost = bcryptCost
        self.tokenTTLDays = tokenTTLDays
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bcryptCost = try container.decodeIfPresent(Int.self, forKey: .bcryptCost) ?? 12
        tokenTTLDays = try container.decodeIfPresent(Int.self, forKey: .tokenTTLDays) ?? 90
        guard Self.bcryptCostRange.contains(bcryptCost) else {
            throw DecodingError.dataCorruptedError(
                forKey: .bcryptCost, in: container,
                debugDescription: "expected a bcrypt cost from 4 to 15, found \(bcryptCost)")
        }
        guard Self.tokenTTLRange.contains(tokenTTLDays) else {
            throw DecodingError.dataCorruptedError(
                forKey: .tokenTTLDays, in: container,
                debugDescription: "expected 1 to 3650 days, found \(tokenTTLDays)")
        }
    }
}
