import RosterCore
import RosterReports

/// A small argument parser: `--name value`, `--name=value`, boolean flags,
/// positionals, and `--` to end options. What each command accepts is a
/// value (`CommandSpec`), so usage errors name the option and the command,
/// and `--help` is generated from the same value the parser checks against:
/// help and behaviour cannot drift apart (docs/CLI.md).

struct UsageError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

struct OptionSpec {
    var name: String          // without the leading "--"
    var takesValue: Bool
    var help: String
}

struct CommandSpec {
    var path: [String]        // e.g. ["report", "snapshot"]
    var summary: String
    var usage: String         // e.g. "roster report snapshot --at D [--unit U]"
    var options: [OptionSpec]
    var positionals: ClosedRange<Int> = 0...0
    /// The `--format` values this command prints, the first being the
    /// default. Empty: every report format (`OutputFormat.allCases`).
    var formats: [String] = []
    /// The `--lang` values; empty: en (default) and vi.
    var languages: [String] = []

    var name: String { "roster " + path.joined(separator: " ") }
    func accepts(_ option: String) -> Bool { options.contains { $0.name == option } }
    /// What `--format` accepts here (nothing when the command has no `--format`).
    var acceptedFormats: [String] {
        guard accepts("format") else { return [] }
        return formats.isEmpty ? OutputFormat.allCases.map(\.rawValue) : formats
    }
    var acceptedLanguages: [String] {
        guard accepts("lang") else { return [] }
        return languages.isEmpty ? Language.allCases.map(\.rawValue) : languages
    }
}

/// Options that may stand before the command as well as after it
/// (`roster --ledger DIR report snapshot …`), git-style.
let globalOptions: [String: Bool] = ["ledger": true, "lang": true, "format": true, "help": false, "version": false]

struct ParsedArguments {
    var values: [String: String] = [:]
    /// Every value of a repeatable option (`--where`), in order.
    var repeated: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    func value(_ name: String) -> String? { values[name] }
    func has(_ name: String) -> Bool { flags.contains(name) }

    func required(_ name: String, for command: CommandSpec) throws -> String {
        guard let v = values[name] else {
            throw UsageError(message: "\(command.name): missing --\(name)\nusage: \(command.usage)")
        }
        return v
    }
}

enum ArgumentParser {
    static func parse(_ args: ArraySlice<String>, for command: CommandSpec) throws -> ParsedArguments {
        var result = ParsedArguments()
        var i = args.startIndex
        var optionsEnded = false
        let name = command.name
        while i < args.endIndex {
            let arg = args[i]
            i += 1
            if !optionsEnded && arg == "--" { optionsEnded = true; continue }
            if !optionsEnded && arg == "-h" { result.flags.insert("help"); continue }
            if !optionsEnded && arg.hasPrefix("--") && arg.count > 2 {
                var key = String(arg.dropFirst(2))
                var inline: String? = nil
                if let eq = key.firstIndex(of: "=") {
                    inline = String(key[key.index(after: eq)...])
                    key = String(key[..<eq])
                }
                guard let spec = command.options.first(where: { $0.name == key }) else {
                    let hint = optionHint(key, among: command.options.map(\.name))
                    throw UsageError(message: "\(name): unknown option --\(key)\(hint)\nusage: \(command.usage)")
                }
                if spec.takesValue {
                    if let inline {
                        result.values[key] = inline
                    } else {
                        guard i < args.endIndex else {
                            throw UsageError(message: "\(name): --\(key) needs a value\nusage: \(command.usage)")
                        }
                        result.values[key] = args[i]
                        i += 1
                    }
                    result.repeated[key, default: []].append(result.values[key]!)
                } else {
                    if inline != nil { throw UsageError(message: "\(name): --\(key) takes no value") }
                    result.flags.insert(key)
                }
            } else {
                result.positionals.append(arg)
            }
        }
        if result.flags.contains("help") { return result }
        if !command.positionals.contains(result.positionals.count) {
            let expected = command.positionals.lowerBound == command.positionals.upperBound
                ? "\(command.positionals.lowerBound)" : "at least \(command.positionals.lowerBound)"
            throw UsageError(message: "\(name): expected \(expected) argument\(command.positionals.upperBound == 1 ? "" : "s"), found \(result.positionals.count)\(result.positionals.isEmpty ? "" : ": \(result.positionals.joined(separator: " "))")\nusage: \(command.usage)")
        }
        // What help lists is what is accepted, and nothing else.
        if let f = result.values["format"], !command.acceptedFormats.contains(f) {
            throw UsageError(message: "\(name): --format: expected one of \(command.acceptedFormats.joined(separator: ", ")), found \"\(f)\"" + NearestWord.hint(for: f, among: command.acceptedFormats))
        }
        if let l = result.values["lang"], !command.acceptedLanguages.contains(l) {
            throw UsageError(message: "\(name): --lang: expected one of \(command.acceptedLanguages.joined(separator: ", ")), found \"\(l)\"" + NearestWord.hint(for: l, among: command.acceptedLanguages))
        }
        return result
    }

    /// Moves the global options that stand before the command to after it:
    /// `roster --ledger D report snapshot --at X` is parsed as
    /// `roster report snapshot --at X --ledger D`. Returns nil for the
    /// options themselves when no command follows.
    static func hoistGlobals(_ args: [String]) throws -> (leading: [String], rest: [String]) {
        var leading: [String] = []
        var i = 0
        while i < args.count, args[i].hasPrefix("-"), args[i] != "--" {
            let arg = args[i]
            if arg == "-h" { leading.append("--help"); i += 1; continue }
            var key = String(arg.drop(while: { $0 == "-" }))
            var inline = false
            if let eq = key.firstIndex(of: "=") { key = String(key[..<eq]); inline = true }
            guard let takesValue = globalOptions[key] else {
                let hint = optionHint(key, among: globalOptions.keys.sorted())
                throw UsageError(message: "roster: unknown option \(arg) before the command\(hint) (options of a command follow it: roster COMMAND --help)")
            }
            leading.append(arg)
            i += 1
            if takesValue && !inline {
                guard i < args.count else { throw UsageError(message: "roster: --\(key) needs a value") }
                leading.append(args[i])
                i += 1
            }
        }
        return (leading, Array(args[i...]))
    }

    static func help(_ command: CommandSpec) -> String {
        var lines = ["usage: \(command.usage)", ""]
        lines += wrap(command.summary, width: 79, indent: "")
        lines.append("")
        let subcommands = commands.filter { $0.path.count > command.path.count && Array($0.path.prefix(command.path.count)) == command.path }
        if !subcommands.isEmpty {
            lines.append("subcommands:")
            for s in subcommands { lines.append("  \(s.name)") }
            lines.append("")
        }
        if !command.options.isEmpty {
            lines.append("options:")
            let width = command.options.map { $0.name.count + ($0.takesValue ? 4 : 0) }.max()! + 6
            for o in command.options {
                let left = "  --\(o.name)\(o.takesValue ? " ARG" : "")"
                var text = o.help
                if o.name == "format" { text = formatHelp(command) }
                if o.name == "lang" && command.languages.isEmpty && o.help.isEmpty { text = "en (default) or vi" }
                let wrapped = wrap(text, width: 79 - width, indent: "")
                lines.append(left + String(repeating: " ", count: max(1, width - left.count)) + wrapped[0])
                for more in wrapped.dropFirst() { lines.append(String(repeating: " ", count: width) + more) }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The help of `--format`, from the formats the command accepts.
    static func formatHelp(_ command: CommandSpec) -> String {
        let f = command.acceptedFormats
        if f.count == 1 { return "\(f[0]) (the only format)" }
        return "\(f[0]) (default), " + f.dropFirst().joined(separator: ", ")
    }

    /// Lines of at most `width` characters, broken at spaces (a word longer
    /// than the width stands alone on its line, never cut).
    static func wrap(_ text: String, width: Int, indent: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = indent + word
            }
        }
        lines.append(current)
        return lines
    }
}

/// "; did you mean `--x`?" or "".
func optionHint(_ key: String, among names: [String]) -> String {
    NearestWord.suggestion(for: key, among: names).map { "; did you mean `--\($0)`?" } ?? ""
}
