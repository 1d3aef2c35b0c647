import ArgumentParser
import Foundation
import Logging
import OCOPPluginKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ocop users …`: the operator's way to bootstrap the first national admin and to hand API
/// tokens to scripts. Whoever runs it holds the database, so it needs no password to sign in.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage accounts (needs the ocop.accounts plugin).",
        subcommands: [Create.self, List.self, Token.self, Deactivate.self, Activate.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account, e.g. the first national admin.",
            discussion: "Without --password-stdin the password is asked twice on the terminal, without echo.")
        @OptionGroup var options: ConfigOptions
        @Option(help: "Login name (stored lowercase).") var username: String
        @Option(help: ArgumentHelp("One of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "role"))
        var role: String
        @Option(help: ArgumentHelp("Province code (province officers, council members; producers without the registry).", valueName: "code"))
        var province: String?
        @Option(help: ArgumentHelp("Commune code (commune officers).", valueName: "code")) var commune: String?
        @Option(help: ArgumentHelp("Subject ID (producers).", valueName: "id")) var subject: Int64?
        @Option(help: "Display name (defaults to the username).") var name: String?
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("unknown role '\(role)'") }
            let password = try passwordStdin ? Password.fromStandardInput() : Password.prompted(for: username)
            let new = NewUser(username: username, displayName: name, password: password, role: role,
                              provinceCode: province, communeCode: commune, subjectID: subject)
            let user = try await UsersCommand.withAccounts(options) { store, context in
                try await store.createUser(new, by: nil, services: context.services)
            }
            print("created \(user.role.rawValue) '\(user.username)' (id \(user.id))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var options: ConfigOptions
        @Option(help: "Only this role.") var role: String?
        @Option(help: ArgumentHelp("Only this province.", valueName: "code")) var province: String?
        @Option(help: "Username or display name contains this (diacritics ignored).") var search: String?

        func validate() throws {
            if let role, Role(rawValue: role) == nil {
                throw ValidationError("--role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let first = AccountStore.UserFilter(role: role.flatMap(Role.init(rawValue:)), query: search, provinceCode: province, limit: 500)
            let users = try await UsersCommand.withAccounts(options) { store, _ in
                var filter = first
                var all: [User] = []
                while true {
                    let page = try await store.users(filter, visibleTo: nil)
                    all += page.items
                    guard page.items.count == filter.limit else { return all }
                    filter.offset += filter.limit
                }
            }
            let rows = users.map { user in
                [String(user.id), user.username, user.role.rawValue, user.provinceCode ?? "-", user.communeCode ?? "-",
                 user.subjectID.map(String.init) ?? "-", user.active ? "yes" : "no", user.displayName]
            }
            print(TextTable.render(header: ["ID", "USERNAME", "ROLE", "PROVINCE", "COMMUNE", "SUBJECT", "ACTIVE", "NAME"], rows: rows),
                  terminator: "")
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue an API token for an account and print it (only its hash is stored; it cannot be shown again).")
        @OptionGroup var options: ConfigOptions
        @Option(help: "The account's username.") var username: String
        @Option(help: "A label for the token, e.g. the script using it.") var name: String?

        func run() async throws {
            let username = self.username, name = self.name
            let issued = try await UsersCommand.withAccounts(options) { store, _ in
                try await store.issueToken(username: username, name: name)
            }
            print(issued.token)
            FileHandle.standardError.write(Data("expires \(issued.expiresAt.formatted(.iso8601))\n".utf8))
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop an account from signing in or using its tokens.")
        @OptionGroup var options: ConfigOptions
        @Option(help: "The account's username.") var username: String

        func run() async throws { try await UsersCommand.setActive(false, username: username, options: options) }
    }

    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a deactivated account sign in again.")
        @OptionGroup var options: ConfigOptions
        @Option(help: "The account's username.") var username: String

        func run() async throws { try await UsersCommand.setActive(true, username: username, options: options) }
    }

    static func setActive(_ active: Bool, username: String, options: ConfigOptions) async throws {
        let user = try await withAccounts(options) { store, _ in
            guard let user = try await store.user(username: username) else {
                throw DomainError.notFound("No account has the username '\(username.lowercased())'.")
            }
            return try await store.setActive(active, userID: user.id, by: nil) ?? user
        }
        print("\(active ? "activated" : "deactivated") '\(user.username)'")
    }

    /// Boots like `migrate` and runs `body` with a store using the configured bcrypt cost and
    /// token lifetime. Every failure becomes one line on standard error and exit status 1.
    static func withAccounts<R: Sendable>(
        _ options: ConfigOptions, _ body: @escaping @Sendable (AccountStore, PluginContext) async throws -> R
    ) async throws -> R {
        do {
            return try await PluginCommands.withContext(options, label: "ocop.users") { context in
                guard let service = context.services.resolve(AccountsService.self) else {
                    throw DomainError.notFound("the accounts plugin is not enabled; enable it with `plugins: ocop.accounts: {}`")
                }
                do { return try await body(service.store(database: context.database), context) } catch let error as DomainError {
                    throw PluginCommands.fail(PluginCommands.lines(for: error, flags: flags))
                }
            }
        } catch let problem as Problem {
            throw PluginCommands.fail(describe(problem))
        }
    }

    /// API field paths become the flags that set them.
    static let flags = ["/username": "--username", "/role": "--role", "/province_code": "--province", "/commune_code": "--commune",
                        "/subject_id": "--subject", "/display_name": "--name", "/password": "password", "/name": "--name"]

    static func describe(_ problem: Problem) -> [String] {
        guard let errors = problem.errors, !errors.isEmpty else { return [problem.detail ?? problem.title] }
        return errors.map { "\(flags[$0.path] ?? $0.path): \($0.message)" }
    }
}

/// Reads a new account's password without putting it on the command line (and so in `ps`
/// and shell history).
enum Password {
    static func fromStandardInput() throws -> String {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw PluginCommands.fail(["--password-stdin: standard input held no password line"])
        }
        return line
    }

    static func prompted(for username: String) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            throw PluginCommands.fail(["standard input is not a terminal; pipe the password in with --password-stdin"])
        }
        guard let first = readHidden("Password for '\(username.lowercased())': "), !first.isEmpty else {
            throw PluginCommands.fail(["no password entered"])
        }
        guard let second = readHidden("Repeat the password: "), second == first else {
            throw PluginCommands.fail(["the passwords differ; nothing was created"])
        }
        return first
    }

    /// One line from the terminal with echo off, restored afterwards.
    private static func readHidden(_ prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { return readLine(strippingNewline: true) }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }
}
