/// The rating module's part of `/openapi.yaml`.
enum RatingOpenAPI {
    static let document = """
    paths: {}
    """
}
