/// One page of a list endpoint, the same shape on every list.
struct Page<Item: Encodable>: Encodable {
    var items: [Item]
    var total: Int
    var limit: Int
    var offset: Int
}
