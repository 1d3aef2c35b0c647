import OCOPPluginKit

/// Who calls. The five signed-in callers are real accounts signed in over HTTP.
enum Caller: String, CaseIterable, Sendable, CustomStringConvertible {
    case anonymous
    case admin = "national_admin"
    case officer = "province_officer(01)"
    case commune = "commune_officer(01/00577)"
    case council = "council_member(01)"
    case producer = "producer(S1)"

    var description: String { rawValue }
}

/// What a request addresses. The seed (see `RoleMatrix.seed`):
///
/// | record | province / commune | notes |
/// |---|---|---|
/// | S1  | 01 / 00577 Bát Tràng | published (has P1); the producer's own subject |
/// | S2  | 01 / 00565 Gia Lâm   | unpublished (draft product only) |
/// | S79 | 79 / 25747           | published (has P79) |
/// | S79hidden | 79 / 25750     | unpublished |
/// | P1 / P1draft | S1 | active / draft |
/// | P2draft | S2 | draft |
/// | P79 / P79draft | S79 | active / draft (plus a draft of S79hidden) |
///
/// Every subject has private facts (woman / ethnic-minority representative, employees, local
/// labour share, a value chain text carrying a unique marker).
enum Target: String, Sendable, CustomStringConvertible {
    case none
    // Areas, for lists, creations, imports and exports.
    case own  // province 01, commune 00577, subject S1
    case sibling  // province 01, commune 00565, subject S2: outside the commune officer's and the producer's area
    case foreign  // province 79
    case foreignJSON  // province 79, JSON export
    case probe  // collides with an unpublished record of province 79: only who may see it may learn it exists
    // Subjects.
    case s1, s2, s79, s79hidden
    // Products.
    case p1, p1draft, p2draft, p79, p79draft
    // Accounts.
    case user01, user79
    case goodPassword  // a 01 council member's own credentials
    case wrongPassword  // a 79 officer's username with a wrong password
    // Rating (see `RoleMatrix.seedRating`). Dossiers:
    case d1draft  // P1draft (S1), filed by the producer: draft
    case d1  // P1 (S1), filed by the producer, pre-assessed by commune 00577: being scored in rSeat
    case d1due  // S1: closed in r01 with a 4★ decision due, not decided yet
    case d1done  // S1: closed in r01 and decided (dec01)
    case d2  // P2draft (S2, commune 00565): submitted, waiting for its commune
    case d79draft  // P79draft: draft
    case d79  // province 79: closed in r79 and decided (dec79)
    // Councils, rounds, decisions.
    case c01  // the 01 council: council.hn sits in one of its rounds (rSeat), not in the other (r01)
    case c01other  // a 01 council without rounds
    case c79
    case rSeat  // council.hn's round (a scoring member; the chair is someone else)
    case r01  // another round of c01, without council.hn
    case r79
    case rCentral  // the central council's round: a 79 dossier forwarded as potential 5★, scored and closed
    case dec01, dec79

    var description: String { rawValue }

    /// Records and areas of province 79: nobody but a national admin may change anything there.
    var isForeign: Bool {
        [.foreign, .foreignJSON, .probe, .s79, .s79hidden, .p79, .p79draft, .user79, .d79draft, .d79, .c79, .r79, .rCentral, .dec79].contains(self)
    }
}

/// What a caller may get: one or more statuses (`403/404`), `2xx`, or a 200/201 whose record is
/// the full view (`full`, `new`) or the published view (`pub`: no private facts, no version).
struct Expect: Sendable, CustomStringConvertible {
    enum View: Sendable { case any, full, published }
    let statuses: Set<Int>
    let view: View
    let text: String

    init(_ text: String) {
        self.text = text
        switch text {
        case "full": (statuses, view) = ([200], .full)
        case "pub": (statuses, view) = ([200], .published)
        case "new": (statuses, view) = ([201], .full)
        case "2xx": (statuses, view) = (Set(200...299), .any)
        default: (statuses, view) = (Set(text.split(separator: "/").compactMap { Int($0) }), .any)
        }
        precondition(!statuses.isEmpty, "bad expectation '\(text)'")
    }

    var allowsSuccess: Bool { statuses.contains { (200..<300).contains($0) } }
    var description: String { text }
}

struct Rule: Sendable {
    let endpoint: String
    let target: Target
    let expect: [Caller: Expect]

    var method: String { String(endpoint.prefix { $0 != " " }) }
    var key: String { RoleMatrix.normalise(endpoint) }
}

extension RoleMatrix {
    /// `GET /api/v1/products/{photo_id}` → `GET /api/v1/products/{}`: placeholders match whatever their name.
    static func normalise(_ endpoint: String) -> String {
        var out = ""
        var inside = false
        for character in endpoint {
            if character == "{" { inside = true; out.append("{") } else if character == "}" { inside = false; out.append("}") } else if !inside { out.append(character) }
        }
        return out
    }

    static func key(_ endpoint: Endpoint) -> String { normalise("\(endpoint.method.rawValue) \(endpoint.path)") }

    private static func r(_ endpoint: String, _ target: Target, _ anonymous: String, _ admin: String, _ officer: String,
                          _ commune: String, _ council: String, _ producer: String) -> Rule {
        Rule(endpoint: endpoint, target: target, expect: [
            .anonymous: Expect(anonymous), .admin: Expect(admin), .officer: Expect(officer),
            .commune: Expect(commune), .council: Expect(council), .producer: Expect(producer),
        ])
    }

    /// THE POLICY. One row per (endpoint, target); one column per caller.
    ///
    /// Read: `full` = the record with private facts; `pub` = the published view; a list is always
    /// 200 and is checked item by item (drafts and unpublished subjects of another area never
    /// appear; published ones appear without private facts). Write: 2xx only inside the caller's
    /// area; outside it 403 (visible but not yours) or 404 (not visible), and nothing changes.
    /// Council members only read: every write is refused by role (403) before any record is looked at.
    /// Endpoints not registered (yet) are skipped; a registered endpoint without a row fails.
    static let policy: [Rule] = [
        // endpoint                                         target        anon    admin   prov01  comm01  council producer
        // ── subjects ──────────────────────────────────────────────────────────────────────────────────────────────────
        r("GET /api/v1/subjects",                           .own,         "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/subjects",                           .foreign,     "200",  "200",  "200",  "200",  "200",  "200"),
        r("POST /api/v1/subjects",                          .own,         "401",  "new",  "new",  "new",  "403",  "403"),
        r("POST /api/v1/subjects",                          .sibling,     "401",  "new",  "new",  "403",  "403",  "403"),
        r("POST /api/v1/subjects",                          .foreign,     "401",  "new",  "403",  "403",  "403",  "403"),
        r("POST /api/v1/subjects",                          .probe,       "401",  "409",  "403",  "403",  "403",  "403"),
        r("GET /api/v1/subjects/{id}",                      .s1,          "pub",  "full", "full", "full", "full", "full"),
        r("GET /api/v1/subjects/{id}",                      .s2,          "404",  "full", "full", "404",  "full", "404"),
        r("GET /api/v1/subjects/{id}",                      .s79,         "pub",  "full", "pub",  "pub",  "pub",  "pub"),
        r("GET /api/v1/subjects/{id}",                      .s79hidden,   "404",  "full", "404",  "404",  "404",  "404"),
        r("PATCH /api/v1/subjects/{id}",                    .s1,          "401",  "full", "full", "full", "403",  "full"),
        r("PATCH /api/v1/subjects/{id}",                    .s2,          "401",  "full", "full", "404",  "403",  "404"),
        r("PATCH /api/v1/subjects/{id}",                    .s79,         "401",  "full", "404",  "404",  "403",  "404"),
        r("PATCH /api/v1/subjects/{id}",                    .s79hidden,   "401",  "full", "404",  "404",  "403",  "404"),
        r("GET /api/v1/subjects/{id}/history",              .s1,          "401",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/subjects/{id}/history",              .s2,          "401",  "200",  "200",  "404",  "200",  "404"),
        r("GET /api/v1/subjects/{id}/history",              .s79,         "401",  "200",  "404",  "404",  "404",  "404"),
        r("GET /api/v1/subjects/{id}/history",              .s79hidden,   "401",  "200",  "404",  "404",  "404",  "404"),
        // Scored facts: producers ask, officers of the area decide (a fresh pending request per call).
        r("GET /api/v1/subjects/{id}/change-requests",      .s1,          "401",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/subjects/{id}/change-requests",      .s2,          "401",  "200",  "200",  "404",  "200",  "404"),
        r("GET /api/v1/subjects/{id}/change-requests",      .s79,         "401",  "200",  "404",  "404",  "404",  "404"),
        r("POST /api/v1/subjects/{id}/change-requests/{request_id}/approve", .s1,  "401", "200", "200", "200", "403", "403"),
        r("POST /api/v1/subjects/{id}/change-requests/{request_id}/approve", .s2,  "401", "200", "200", "404", "403", "403"),
        r("POST /api/v1/subjects/{id}/change-requests/{request_id}/approve", .s79, "401", "200", "404", "404", "403", "403"),
        r("POST /api/v1/subjects/{id}/change-requests/{request_id}/reject", .s1,   "401", "200", "200", "200", "403", "403"),
        r("POST /api/v1/subjects/{id}/change-requests/{request_id}/reject", .s79,  "401", "200", "404", "404", "403", "403"),
        // The review queue: the officers of the row's province decide (a fresh item per call).
        r("GET /api/v1/review-queue",                       .own,         "401",  "200",  "200",  "403",  "403",  "403"),
        r("GET /api/v1/review-queue",                       .foreign,     "401",  "200",  "403",  "403",  "403",  "403"),
        r("POST /api/v1/review-queue/{id}/resolve",         .s1,          "401",  "200",  "200",  "403",  "403",  "403"),
        r("POST /api/v1/review-queue/{id}/resolve",         .s79,         "401",  "200",  "404",  "403",  "403",  "403"),
        // ── products ──────────────────────────────────────────────────────────────────────────────────────────────────
        r("GET /api/v1/products",                           .own,         "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/products",                           .foreign,     "200",  "200",  "200",  "200",  "200",  "200"),
        // A subject outside the caller's area is "no subject in your area" (422 on /subject_id), like an unknown ID.
        r("POST /api/v1/products",                          .own,         "401",  "new",  "new",  "new",  "403",  "new"),
        r("POST /api/v1/products",                          .sibling,     "401",  "new",  "new",  "422",  "403",  "422"),
        r("POST /api/v1/products",                          .foreign,     "401",  "new",  "422",  "422",  "403",  "422"),
        r("POST /api/v1/products",                          .probe,       "401",  "409",  "422",  "422",  "403",  "422"),
        r("GET /api/v1/products/{id}",                      .p1,          "pub",  "full", "full", "full", "full", "full"),
        r("GET /api/v1/products/{id}",                      .p1draft,     "404",  "full", "full", "full", "full", "full"),
        r("GET /api/v1/products/{id}",                      .p2draft,     "404",  "full", "full", "404",  "full", "404"),
        r("GET /api/v1/products/{id}",                      .p79,         "pub",  "full", "pub",  "pub",  "pub",  "pub"),
        r("GET /api/v1/products/{id}",                      .p79draft,    "404",  "full", "404",  "404",  "404",  "404"),
        r("PATCH /api/v1/products/{id}",                    .p1,          "401",  "full", "full", "full", "403",  "full"),
        r("PATCH /api/v1/products/{id}",                    .p1draft,     "401",  "full", "full", "full", "403",  "full"),
        r("PATCH /api/v1/products/{id}",                    .p2draft,     "401",  "full", "full", "404",  "403",  "404"),
        r("PATCH /api/v1/products/{id}",                    .p79,         "401",  "full", "404",  "404",  "403",  "404"),
        r("PATCH /api/v1/products/{id}",                    .p79draft,    "401",  "full", "404",  "404",  "403",  "404"),
        r("GET /api/v1/products/{id}/history",              .p1,          "401",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/products/{id}/history",              .p1draft,     "401",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/products/{id}/history",              .p2draft,     "401",  "200",  "200",  "404",  "200",  "404"),
        r("GET /api/v1/products/{id}/history",              .p79,         "401",  "200",  "404",  "404",  "404",  "404"),
        r("GET /api/v1/products/{id}/history",              .p79draft,    "401",  "200",  "404",  "404",  "404",  "404"),
        r("GET /api/v1/taxonomy",                           .none,        "200",  "200",  "200",  "200",  "200",  "200"),
        // ── photos: writers of the product's area add and delete; reading follows the product ─────────────────────────
        r("POST /api/v1/products/{id}/photos",              .p1,          "401",  "2xx",  "2xx",  "2xx",  "403/404", "2xx"),
        r("POST /api/v1/products/{id}/photos",              .p1draft,     "401",  "2xx",  "2xx",  "2xx",  "403/404", "2xx"),
        r("POST /api/v1/products/{id}/photos",              .p2draft,     "401",  "2xx",  "2xx",  "403/404", "403/404", "403/404"),
        r("POST /api/v1/products/{id}/photos",              .p79,         "401",  "2xx",  "403/404", "403/404", "403/404", "403/404"),
        r("POST /api/v1/products/{id}/photos",              .p79draft,    "401",  "2xx",  "403/404", "403/404", "403/404", "403/404"),
        r("GET /api/v1/products/{id}/photos",               .p1,          "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/products/{id}/photos",               .p1draft,     "404",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/products/{id}/photos",               .p2draft,     "404",  "200",  "200",  "404",  "200",  "404"),
        r("GET /api/v1/products/{id}/photos",               .p79,         "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/products/{id}/photos",               .p79draft,    "404",  "200",  "404",  "404",  "404",  "404"),
        r("GET /api/v1/products/{id}/photos/{photo_id}",    .p1,          "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/products/{id}/photos/{photo_id}",    .p1draft,     "404",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/products/{id}/photos/{photo_id}",    .p2draft,     "404",  "200",  "200",  "404",  "200",  "404"),
        r("GET /api/v1/products/{id}/photos/{photo_id}",    .p79,         "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/products/{id}/photos/{photo_id}",    .p79draft,    "404",  "200",  "404",  "404",  "404",  "404"),
        r("DELETE /api/v1/products/{id}/photos/{photo_id}", .p1,          "401",  "2xx",  "2xx",  "2xx",  "403/404", "2xx"),
        r("DELETE /api/v1/products/{id}/photos/{photo_id}", .p1draft,     "401",  "2xx",  "2xx",  "2xx",  "403/404", "2xx"),
        r("DELETE /api/v1/products/{id}/photos/{photo_id}", .p2draft,     "401",  "2xx",  "2xx",  "403/404", "403/404", "403/404"),
        r("DELETE /api/v1/products/{id}/photos/{photo_id}", .p79,         "401",  "2xx",  "403/404", "403/404", "403/404", "403/404"),
        r("DELETE /api/v1/products/{id}/photos/{photo_id}", .p79draft,    "401",  "2xx",  "403/404", "403/404", "403/404", "403/404"),
        // ── imports: national admins and the officers of the target province; exports: the same visibility as search ───
        r("POST /api/v1/imports/subjects",                  .own,         "401",  "2xx",  "2xx",  "403",  "403",  "403"),
        r("POST /api/v1/imports/subjects",                  .foreign,     "401",  "2xx",  "403",  "403",  "403",  "403"),
        r("POST /api/v1/imports/products",                  .own,         "401",  "2xx",  "2xx",  "403",  "403",  "403"),
        r("POST /api/v1/imports/products",                  .foreign,     "401",  "2xx",  "403",  "403",  "403",  "403"),
        r("GET /api/v1/imports",                            .own,         "401",  "200",  "200",  "403",  "403",  "403"),
        r("GET /api/v1/imports",                            .foreign,     "401",  "200",  "403",  "403",  "403",  "403"),
        r("POST /api/v1/imports/{id}/undo",                 .s1,          "401",  "200",  "200",  "403",  "403",  "403"),
        r("POST /api/v1/imports/{id}/undo",                 .s79,         "401",  "200",  "404",  "403",  "403",  "403"),
        r("GET /api/v1/exports/subjects",                   .own,         "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/exports/subjects",                   .foreign,     "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/exports/subjects",                   .foreignJSON, "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/exports/products",                   .own,         "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/exports/products",                   .foreign,     "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/exports/products",                   .foreignJSON, "200",  "200",  "200",  "200",  "200",  "200"),
        // ── accounts ──────────────────────────────────────────────────────────────────────────────────────────────────
        r("POST /api/v1/auth/tokens",                       .goodPassword, "201", "201",  "201",  "201",  "201",  "201"),
        r("POST /api/v1/auth/tokens",                       .wrongPassword, "401", "401", "401",  "401",  "401",  "401"),
        r("DELETE /api/v1/auth/tokens/current",             .none,        "401",  "204",  "204",  "204",  "204",  "204"),
        r("GET /api/v1/auth/tokens",                        .none,        "401",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/me",                                 .none,        "401",  "200",  "200",  "200",  "200",  "200"),
        // A wrong current password: every signed-in role reaches the check (and changes nothing).
        r("PUT /api/v1/me/password",                        .none,        "401",  "422",  "422",  "422",  "422",  "422"),
        // Province officers list their province only: asking for 79 gives an empty page.
        r("GET /api/v1/users",                              .own,         "401",  "200",  "200",  "403",  "403",  "403"),
        r("GET /api/v1/users",                              .foreign,     "401",  "200",  "200",  "403",  "403",  "403"),
        r("POST /api/v1/users",                             .own,         "401",  "201",  "201",  "403",  "403",  "403"),
        r("POST /api/v1/users",                             .foreign,     "401",  "201",  "403",  "403",  "403",  "403"),
        // A producer account for the hidden 79 subject, claimed for 01 / 00577: for a province officer the subject reads
        // as unknown (422 on /subject_id), never "it is in 79 / 25750"; an admin is told the mismatch.
        r("POST /api/v1/users",                             .probe,       "401",  "422",  "422",  "403",  "403",  "403"),
        r("GET /api/v1/users/{id}",                         .user01,      "401",  "200",  "200",  "403",  "403",  "403"),
        r("GET /api/v1/users/{id}",                         .user79,      "401",  "200",  "404",  "403",  "403",  "403"),
        // Activation (the matrix re-activates, so later rows still sign in): as reading, plus only managers change.
        r("PATCH /api/v1/users/{id}",                       .user01,      "401",  "200",  "200",  "403",  "403",  "403"),
        r("PATCH /api/v1/users/{id}",                       .user79,      "401",  "200",  "404",  "403",  "403",  "403"),
        // Officers read their province's trail only: filtering on a 79 subject gives an empty page.
        r("GET /api/v1/audit",                              .none,        "401",  "200",  "200",  "403",  "403",  "403"),
        r("GET /api/v1/audit",                              .foreign,     "401",  "200",  "200",  "403",  "403",  "403"),
    ] + ratingPolicy

    /// The rating plugin (docs/rating.md, "Who sees what"). A dossier is seen by national admins, the
    /// officers of its province, the commune officers of its commune, its producer, and the members
    /// of the round that holds it — nobody else learns it exists (404). Producers do not read the
    /// chain, the sheets or the consistency (403), and see results once decided. Council members
    /// write only their own seat's work (their sheet, their conflicts); the chair closes.
    static let ratingPolicy: [Rule] = [
        // endpoint                                                     target      anon    admin   prov01  comm01  council producer
        r("GET /api/v1/rating/criteria-sets",                           .none,      "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/rating/criteria-sets/{act}/{code}",              .none,      "200",  "200",  "200",  "200",  "200",  "200"),
        // ── dossiers: the applicant (producer or an officer of its area) files; a fresh product per attempt ──────────
        // Another area's product is "no product in your area" (422), as an unknown ID; council members may not file.
        r("POST /api/v1/rating/dossiers",                               .own,       "401",  "201",  "201",  "201",  "403",  "201"),
        r("POST /api/v1/rating/dossiers",                               .sibling,   "401",  "201",  "201",  "422",  "403",  "422"),
        r("POST /api/v1/rating/dossiers",                               .foreign,   "401",  "201",  "422",  "422",  "422",  "422"),
        r("GET /api/v1/rating/dossiers",                                .none,      "401",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/rating/dossiers/{id}",                           .d1,        "401",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/rating/dossiers/{id}",                           .d1due,     "401",  "200",  "200",  "200",  "404",  "200"),
        r("GET /api/v1/rating/dossiers/{id}",                           .d1done,    "401",  "200",  "200",  "200",  "404",  "200"),
        r("GET /api/v1/rating/dossiers/{id}",                           .d2,        "401",  "200",  "200",  "404",  "404",  "404"),
        r("GET /api/v1/rating/dossiers/{id}",                           .d79,       "401",  "200",  "404",  "404",  "404",  "404"),
        // The applicant's sheet and papers change in draft (or returned) only: later it is 409 for whoever sees it.
        r("PUT /api/v1/rating/dossiers/{id}/self-assessment",           .d1draft,   "401",  "200",  "200",  "200",  "404",  "200"),
        r("PUT /api/v1/rating/dossiers/{id}/self-assessment",           .d1,        "401",  "409",  "409",  "409",  "403",  "409"),
        r("PUT /api/v1/rating/dossiers/{id}/self-assessment",           .d79draft,  "401",  "200",  "404",  "404",  "404",  "404"),
        r("POST /api/v1/rating/dossiers/{id}/attachments",              .d1draft,   "401",  "201",  "201",  "201",  "404",  "201"),
        r("POST /api/v1/rating/dossiers/{id}/attachments",              .d1,        "401",  "409",  "409",  "409",  "403",  "409"),
        r("POST /api/v1/rating/dossiers/{id}/attachments",              .d79draft,  "401",  "201",  "404",  "404",  "404",  "404"),
        r("GET /api/v1/rating/dossiers/{id}/attachments/{attachment}",  .d1,        "401",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/rating/dossiers/{id}/attachments/{attachment}",  .d2,        "401",  "200",  "200",  "404",  "404",  "404"),
        r("GET /api/v1/rating/dossiers/{id}/attachments/{attachment}",  .d79,       "401",  "200",  "404",  "404",  "404",  "404"),
        // Submitting a draft (or returned) dossier: the applicant. A success is undone before the next attempt.
        r("POST /api/v1/rating/dossiers/{id}/transitions",              .own,       "401",  "200",  "200",  "200",  "404",  "200"),
        r("POST /api/v1/rating/dossiers/{id}/transitions",              .foreign,   "401",  "200",  "404",  "404",  "404",  "404"),
        // QĐ 1489: the commune pre-assesses its own dossiers (and the officers of the province): here it returns them.
        r("POST /api/v1/rating/dossiers/{id}/pre-assessment",           .own,       "401",  "200",  "200",  "200",  "404",  "403"),
        r("POST /api/v1/rating/dossiers/{id}/pre-assessment",           .sibling,   "401",  "200",  "200",  "404",  "404",  "404"),
        r("POST /api/v1/rating/dossiers/{id}/pre-assessment",           .foreign,   "401",  "200",  "404",  "404",  "404",  "404"),
        r("GET /api/v1/rating/dossiers/{id}/history",                   .d1,        "401",  "200",  "200",  "200",  "200",  "403"),
        r("GET /api/v1/rating/dossiers/{id}/history",                   .d1done,    "401",  "200",  "200",  "200",  "404",  "403"),
        r("GET /api/v1/rating/dossiers/{id}/history",                   .d2,        "401",  "200",  "200",  "404",  "404",  "404"),
        r("GET /api/v1/rating/dossiers/{id}/history",                   .d79,       "401",  "200",  "404",  "404",  "404",  "404"),
        r("GET /api/v1/rating/dossiers/{id}/advice",                    .d1,        "401",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/rating/dossiers/{id}/advice",                    .d79,       "401",  "200",  "404",  "404",  "404",  "404"),
        // ── scoring: only the round's scoring seats have a sheet; only its chair closes (not even a national admin) ──
        r("GET /api/v1/rating/dossiers/{id}/sheet",                     .d1,        "401",  "403",  "403",  "403",  "200",  "403"),
        r("GET /api/v1/rating/dossiers/{id}/sheet",                     .d79,       "401",  "409",  "404",  "404",  "404",  "404"),
        r("PUT /api/v1/rating/dossiers/{id}/sheet",                     .d1,        "401",  "403",  "403",  "403",  "200",  "403"),
        r("PUT /api/v1/rating/dossiers/{id}/sheet",                     .d79,       "401",  "409",  "404",  "404",  "404",  "404"),
        r("POST /api/v1/rating/dossiers/{id}/sheet/submit",             .d1,        "401",  "403",  "403",  "403",  "200",  "403"),
        r("POST /api/v1/rating/dossiers/{id}/sheet/submit",             .d79,       "401",  "409",  "404",  "404",  "404",  "404"),
        r("GET /api/v1/rating/dossiers/{id}/sheets",                    .d1,        "401",  "200",  "200",  "200",  "200",  "403"),
        r("GET /api/v1/rating/dossiers/{id}/sheets",                    .d1done,    "401",  "200",  "200",  "200",  "404",  "403"),
        r("GET /api/v1/rating/dossiers/{id}/sheets",                    .d79,       "401",  "200",  "404",  "404",  "404",  "404"),
        r("GET /api/v1/rating/dossiers/{id}/consistency",               .d1,        "401",  "200",  "200",  "200",  "200",  "403"),
        r("GET /api/v1/rating/dossiers/{id}/consistency",               .d1done,    "401",  "200",  "200",  "200",  "404",  "403"),
        r("GET /api/v1/rating/dossiers/{id}/consistency",               .d79,       "401",  "200",  "404",  "404",  "404",  "404"),
        r("POST /api/v1/rating/dossiers/{id}/close",                    .d1,        "401",  "403",  "403",  "403",  "403",  "403"),
        r("POST /api/v1/rating/dossiers/{id}/close",                    .d79,       "401",  "409",  "404",  "404",  "404",  "404"),
        // ── councils and rounds: the officers of the area set them up (own: a commune council of 00577;
        //    sibling: a province council of 01) and fill them; a member reads the councils they sit on ───────────────────
        r("POST /api/v1/rating/councils",                               .own,       "401",  "201",  "201",  "201",  "403",  "403"),
        r("POST /api/v1/rating/councils",                               .sibling,   "401",  "201",  "201",  "403",  "403",  "403"),
        r("POST /api/v1/rating/councils",                               .foreign,   "401",  "201",  "403",  "403",  "403",  "403"),
        r("GET /api/v1/rating/councils",                                .none,      "401",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/rating/councils/{id}",                           .c01,       "401",  "200",  "200",  "404",  "200",  "404"),
        r("GET /api/v1/rating/councils/{id}",                           .c01other,  "401",  "200",  "200",  "404",  "404",  "404"),
        r("GET /api/v1/rating/councils/{id}",                           .c79,       "401",  "200",  "404",  "404",  "404",  "404"),
        r("POST /api/v1/rating/councils/{id}/rounds",                   .c01,       "401",  "201",  "201",  "404",  "403",  "403"),
        r("POST /api/v1/rating/councils/{id}/rounds",                   .c79,       "401",  "201",  "404",  "404",  "403",  "403"),
        // A member reads every round of a council they sit on (seats and a count, no dossiers): as the code has it.
        r("GET /api/v1/rating/rounds/{id}",                             .rSeat,     "401",  "200",  "200",  "404",  "200",  "404"),
        r("GET /api/v1/rating/rounds/{id}",                             .r01,       "401",  "200",  "200",  "404",  "200",  "404"),
        r("GET /api/v1/rating/rounds/{id}",                             .r79,       "401",  "200",  "404",  "404",  "404",  "404"),
        r("GET /api/v1/rating/rounds/{id}",                             .rCentral,  "401",  "200",  "200",  "404",  "404",  "404"),
        // Fresh eligible dossiers; a 79 dossier into a 01 round is "not in the council's area" (422).
        r("POST /api/v1/rating/rounds/{id}/dossiers",                   .r01,       "401",  "200",  "200",  "403",  "403",  "403"),
        r("POST /api/v1/rating/rounds/{id}/dossiers",                   .r79,       "401",  "200",  "404",  "403",  "403",  "403"),
        r("POST /api/v1/rating/rounds/{id}/dossiers",                   .probe,     "401",  "422",  "422",  "403",  "403",  "403"),
        // Only a seat of the round declares a conflict (with S2 in rSeat, S79 in r79); any existing round answers 403.
        r("POST /api/v1/rating/rounds/{id}/conflicts",                  .rSeat,     "401",  "403",  "403",  "403",  "201",  "403"),
        r("POST /api/v1/rating/rounds/{id}/conflicts",                  .r79,       "401",  "403",  "403",  "403",  "403",  "403"),
        r("POST /api/v1/rating/rounds/{id}/close",                      .rSeat,     "401",  "403",  "403",  "404",  "403",  "404"),
        r("POST /api/v1/rating/rounds/{id}/close",                      .r79,       "401",  "403",  "404",  "404",  "404",  "404"),
        // Results of a round: its own seats, not the council's other rounds; a province officer reads a central
        // round's results of its own province only (the 79 dossier must not show).
        r("GET /api/v1/rating/rounds/{id}/results",                     .rSeat,     "401",  "200",  "200",  "404",  "200",  "404"),
        r("GET /api/v1/rating/rounds/{id}/results",                     .r01,       "401",  "200",  "200",  "404",  "403",  "404"),
        r("GET /api/v1/rating/rounds/{id}/results",                     .r79,       "401",  "200",  "404",  "404",  "404",  "404"),
        r("GET /api/v1/rating/rounds/{id}/results",                     .rCentral,  "401",  "200",  "200",  "404",  "404",  "404"),
        // ── decisions (a fresh dossier with a decision due per attempt) and standing ─────────────────────────────────
        r("POST /api/v1/rating/decisions",                              .own,       "401",  "201",  "201",  "403",  "403",  "403"),
        r("POST /api/v1/rating/decisions",                              .foreign,   "401",  "201",  "422",  "403",  "403",  "403"),
        r("GET /api/v1/rating/decisions/{id}",                          .dec01,     "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/rating/decisions/{id}",                          .dec79,     "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/rating/results",                                 .own,       "200",  "200",  "200",  "200",  "200",  "200"),
        r("GET /api/v1/rating/results",                                 .foreign,   "200",  "200",  "200",  "200",  "200",  "200"),
        // The expiry list follows the caller's area (asking for 79 narrows, never widens); council members have none.
        r("GET /api/v1/rating/expiring",                                .none,      "401",  "200",  "200",  "200",  "403",  "200"),
        r("GET /api/v1/rating/expiring",                                .foreign,   "401",  "200",  "200",  "200",  "403",  "200"),
        r("POST /api/v1/rating/inspections",                            .s1,        "401",  "201",  "201",  "403",  "403",  "403"),
        r("POST /api/v1/rating/inspections",                            .s79,       "401",  "201",  "422",  "403",  "403",  "403"),
        r("GET /api/v1/rating/inspections",                             .s1,        "401",  "200",  "200",  "403",  "403",  "403"),
        r("GET /api/v1/rating/inspections",                             .s79,       "401",  "200",  "200",  "403",  "403",  "403"),
        // A fresh 4★ product per attempt (imported with its certificate).
        r("POST /api/v1/rating/products/{id}/downgrade",                .own,       "401",  "201",  "201",  "403",  "403",  "403"),
        r("POST /api/v1/rating/products/{id}/downgrade",                .foreign,   "401",  "201",  "404",  "403",  "403",  "403"),
        r("POST /api/v1/rating/products/{id}/revoke",                   .own,       "401",  "201",  "201",  "403",  "403",  "403"),
        r("POST /api/v1/rating/products/{id}/revoke",                   .foreign,   "401",  "201",  "404",  "403",  "403",  "403"),
    ]

    /// The fields only a record's own area may see.
    static let privateSubjectFields = ["representative_is_woman", "representative_is_ethnic_minority", "employees",
                                       "local_labour_percent", "value_chain", "version", "created_at", "updated_at"]
    static let privateProductFields = ["version", "created_at", "updated_at"]
}
