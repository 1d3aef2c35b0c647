/// Values drawn with fixed integer weights (integers keep draws exact and reproducible).
struct WeightedTable<Value: Sendable>: Sendable {
    let values: [Value]
    private let cumulative: [Int]

    init(_ entries: [(Value, Int)]) {
        var total = 0
        var values: [Value] = []
        var cumulative: [Int] = []
        for (value, weight) in entries where weight > 0 {
            total += weight
            values.append(value)
            cumulative.append(total)
        }
        self.values = values
        self.cumulative = cumulative
    }

    var totalWeight: Int { cumulative.last ?? 0 }

    func pick(_ random: inout SplitMix64) -> Value {
        let target = random.below(max(totalWeight, 1))
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return values[low]
    }
}
