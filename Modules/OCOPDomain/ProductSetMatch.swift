import Foundation

/// What a product-set cell of an imported list names.
///
/// Lists from provinces write the set as a QĐ 148 code or name, a short form of it, an English
/// name, or a QĐ 1048 set name (lists and certificates from before 2023).
public enum ProductSetMatch: Hashable, Sendable {
    /// Exactly one QĐ 148 set.
    case set(ProductSet, via: Source)
    /// A known name that covers several sets: a QĐ 148 group (its sets in code order), or a
    /// QĐ 1048 set with no single successor (its `successor`'s candidates, likeliest first).
    case ambiguous(Ambiguity, candidates: [ProductSet])
    /// Not a known code or name: up to three sets whose names are most alike in words, best
    /// first, for a person to choose from; empty when no name shares a word with the text.
    case unmatched(candidates: [ProductSet])

    /// Which act's vocabulary the text used.
    public enum Source: Hashable, Sendable {
        case decision148
        case decision1048(Decision1048Set)
    }

    public enum Ambiguity: Hashable, Sendable {
        case group(ProductGroup)
        case decision1048(Decision1048Set)
    }

    /// The set, when the text names exactly one.
    public var productSet: ProductSet? {
        if case .set(let set, _) = self { set } else { nil }
    }

    /// The sets a reviewer chooses from: the set itself when matched.
    public var candidates: [ProductSet] {
        switch self {
        case .set(let set, _): [set]
        case .ambiguous(_, let candidates), .unmatched(let candidates): candidates
        }
    }
}

extension ProductSet {
    /// Reads a product-set cell: a QĐ 148 code ("5", "05"), a QĐ 148 set name or short form, an
    /// English name, a QĐ 148 group name, or a QĐ 1048 set name. Ignores diacritics, case,
    /// punctuation, spacing, a leading "Bộ sản phẩm"/"Nhóm"/"Ngành"/"Sản phẩm" and, if the
    /// whole text is not known, a parenthesised remark. See docs/product-sets.md.
    public static func match(_ text: String) -> ProductSetMatch {
        ProductSetMatcher.shared.match(text)
    }
}

/// The name table, built once; a lookup is a dictionary hit, a miss a scan of 26 small profiles.
struct ProductSetMatcher: Sendable {
    static let shared = ProductSetMatcher()

    enum Target: Hashable, Sendable {
        case set(ProductSet, ProductSetMatch.Source)
        case ambiguous(ProductSetMatch.Ambiguity, [ProductSet])

        var match: ProductSetMatch {
            switch self {
            case .set(let set, let source): .set(set, via: source)
            case .ambiguous(let ambiguity, let candidates): .ambiguous(ambiguity, candidates: candidates)
            }
        }
    }

    /// Earlier tiers win when two names fold to the same key: a QĐ 148 set's own names first, then
    /// QĐ 1048 set names (a list in 1048 terms means the 1048 set, e.g. "Đồ uống không cồn"), then
    /// QĐ 148 group names.
    private enum Tier: Int { case decision148Set, decision1048Set, decision148Group }

    private struct Entry {
        let target: Target
        let tier: Tier
    }

    /// Short forms seen in lists that name one set without doubt. Names are also matched without
    /// their leading "Sản phẩm"/"Bộ sản phẩm" and without a parenthesised list of examples.
    static let shortForms: [ProductSet: [String]] = [
        .freshProduce: ["Rau, củ, quả tươi"],
        .honeyAndOtherFoods: ["Mật ong"],
        .processedGrains: ["Chế biến từ gạo", "Chế biến từ ngũ cốc"],
        .processedProduce: ["Chế biến từ rau, củ, quả"],
        .processedAnimalProducts: ["Chế biến từ thịt, thủy sản, trứng, sữa"],
        // The tea plant; teas from other plants are set 12 although group 1.5 is also "Chè".
        .tea: ["Chè"],
        .coffeeAndCocoa: ["Cà phê", "Ca cao"],
        .householdHandicrafts: ["Thủ công mỹ nghệ"],
        .ruralTourism: ["Dịch vụ du lịch", "Du lịch cộng đồng"],
    ]

    private var byKey: [String: Entry] = [:]
    /// The same keys without spaces ("ruoutrang").
    private var byCompactKey: [String: Entry] = [:]
    /// Every set's names as features, for ranking candidates.
    private var profiles: [(set: ProductSet, names: [Set<String>])] = []
    /// Rarer features weigh more: "khac" or "san" say little about which set is meant.
    private var weights: [String: Double] = [:]
    private var unknownWordWeight = 0.0
    /// Keys that two names of the same tier claim for different targets (a test keeps it empty).
    private(set) var conflicts: [String] = []

    init() {
        var profileNames: [ProductSet: [[String]]] = [:]
        func addProfile(_ set: ProductSet, _ name: String) {
            for variant in Self.variants(of: name) where !variant.isEmpty {
                profileNames[set, default: []].append(variant)
            }
        }

        for set in ProductSet.allCases {
            let target = Target.set(set, .decision148)
            var names = [set.vietnameseName, set.englishName] + (Self.shortForms[set] ?? [])
            if set.group.productSets.count == 1 {
                names += [set.group.vietnameseName, set.group.englishName]
            }
            for name in names {
                add(name, target, .decision148Set)
                addProfile(set, name)
            }
        }
        for legacy in Decision1048Set.allCases {
            let target: Target
            switch legacy.successor {
            case .set(let set, _): target = .set(set, .decision1048(legacy))
            case .needsReview(let candidates): target = .ambiguous(.decision1048(legacy), candidates)
            }
            for name in legacy.spellings {
                add(name, target, .decision1048Set)
                if case .set(let set, _) = legacy.successor { addProfile(set, name) }
            }
        }
        for group in ProductGroup.allCases where group.productSets.count > 1 {
            let target = Target.ambiguous(.group(group), group.productSets)
            add(group.vietnameseName, target, .decision148Group)
            add(group.englishName, target, .decision148Group)
        }

        profiles = ProductSet.allCases.map { set in (set, (profileNames[set] ?? []).map(Self.features)) }
        var setsPerWord: [String: Int] = [:]
        for profile in profiles {
            for word in profile.names.reduce(into: Set<String>(), { $0.formUnion($1) }) { setsPerWord[word, default: 0] += 1 }
        }
        let count = Double(ProductSet.allCases.count)
        weights = setsPerWord.mapValues { log(1 + count / Double($0)) }
        unknownWordWeight = log(1 + count)
    }

    private mutating func add(_ name: String, _ target: Target, _ tier: Tier) {
        for words in Self.variants(of: name) where !words.isEmpty {
            Self.insert(words.joined(separator: " "), into: &byKey, Entry(target: target, tier: tier), conflicts: &conflicts)
            Self.insert(words.joined(), into: &byCompactKey, Entry(target: target, tier: tier), conflicts: &conflicts)
        }
    }

    private static func insert(_ key: String, into table: inout [String: Entry], _ entry: Entry, conflicts: inout [String]) {
        if let existing = table[key] {
            if existing.tier == entry.tier && existing.target != entry.target { conflicts.append(key) }
            if existing.tier.rawValue <= entry.tier.rawValue { return }
        }
        table[key] = entry
    }

    func match(_ text: String) -> ProductSetMatch {
        let folded = VietnameseText.fold(text)
        let words = Self.words(folded)
        if words.count == 1, words[0].allSatisfy(\.isASCIIDigit) {
            guard let code = Int(words[0]), let set = ProductSet(code: code) else { return .unmatched(candidates: []) }
            return .set(set, via: .decision148)
        }
        if let hit = lookup(words) { return hit.target.match }
        let plain = Self.words(Self.removingParentheses(folded))
        if plain != words, let hit = lookup(plain) { return hit.target.match }
        return .unmatched(candidates: rank(words))
    }

    private func lookup(_ words: [String]) -> Entry? {
        guard !words.isEmpty else { return nil }
        return byKey[words.joined(separator: " ")] ?? byCompactKey[words.joined()]
    }

    /// Up to three sets by weighted feature overlap with their closest name; ties by code. The score
    /// averages how much of the text the name covers and Dice, so a name that holds the whole text
    /// wins and, among those, the tightest.
    private func rank(_ query: [String]) -> [ProductSet] {
        let queryFeatures = Self.features(query)
        guard !queryFeatures.isEmpty else { return [] }
        let queryWeight = queryFeatures.reduce(0) { $0 + weight($1) }
        var scored: [(set: ProductSet, score: Double)] = []
        for profile in profiles {
            var best = 0.0
            for name in profile.names {
                let shared = queryFeatures.intersection(name).reduce(0) { $0 + weight($1) }
                guard shared > 0 else { continue }
                let dice = 2 * shared / (queryWeight + name.reduce(0) { $0 + weight($1) })
                best = max(best, (shared / queryWeight + dice) / 2)
            }
            if best > 0 { scored.append((profile.set, best)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.set.code < $1.set.code }
        return scored.prefix(3).map(\.set)
    }

    private func weight(_ word: String) -> Double {
        weights[word] ?? unknownWordWeight
    }

    /// Words and adjacent pairs: Vietnamese words are syllables, and "thuc pham" (food) must not
    /// look like "my pham" (cosmetics) for sharing "pham".
    static func features(_ words: [String]) -> Set<String> {
        var features = Set(words)
        for index in words.indices.dropLast() { features.insert(words[index] + " " + words[index + 1]) }
        return features
    }

    // MARK: - Keys

    /// Connectives that never tell two sets apart.
    private static let fillerWords: Set<String> = ["va", "cac", "and"]

    /// Leading words that label rather than name ("Bộ sản phẩm: Hoa", "Nhóm Chè").
    private static let labels: [[String]] = [
        ["bo", "san", "pham"], ["phan", "nhom"], ["nhom"], ["nganh"], ["san", "pham"],
    ]

    /// Words of already folded text: letters and digits, split at anything else.
    static func words(_ folded: String) -> [String] {
        var words = folded.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        words.removeAll { fillerWords.contains($0) }
        var stripped = true
        while stripped {
            stripped = false
            for label in labels where words.count > label.count && words.starts(with: label) {
                words.removeFirst(label.count)
                stripped = true
            }
        }
        // "Bộ 5", "Bộ sản phẩm số 5".
        if words.count == 2, words[0] == "bo" || words[0] == "so", words[1].allSatisfy(\.isASCIIDigit) {
            words.removeFirst()
        }
        return words
    }

    /// A name's keys: as written and, when it has some, without its parenthesised examples.
    static func variants(of name: String) -> [[String]] {
        let folded = VietnameseText.fold(name)
        let full = words(folded)
        let plain = words(removingParentheses(folded))
        return plain == full ? [full] : [full, plain]
    }

    static func removingParentheses(_ text: String) -> String {
        var result = ""
        var depth = 0
        for character in text {
            if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                result.append(character)
            }
        }
        return result
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
