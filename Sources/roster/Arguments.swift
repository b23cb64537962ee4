/// A small argument parser: `--name value`, `--name=value`, boolean flags,
/// positionals, and `--` to end options. What each command accepts is a
/// value (`CommandSpec`), so usage errors name the option and the command.

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
}

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
            throw UsageError(message: "roster \(command.path.joined(separator: " ")): missing --\(name)\nusage: \(command.usage)")
        }
        return v
    }
}

enum ArgumentParser {
    static func parse(_ args: ArraySlice<String>, for command: CommandSpec) throws -> ParsedArguments {
        var result = ParsedArguments()
        var i = args.startIndex
        var optionsEnded = false
        let name = "roster \(command.path.joined(separator: " "))"
        while i < args.endIndex {
            let arg = args[i]
            i += 1
            if !optionsEnded && arg == "--" { optionsEnded = true; continue }
            if !optionsEnded && arg.hasPrefix("--") && arg.count > 2 {
                var key = String(arg.dropFirst(2))
                var inline: String? = nil
                if let eq = key.firstIndex(of: "=") {
                    inline = String(key[key.index(after: eq)...])
                    key = String(key[..<eq])
                }
                guard let spec = command.options.first(where: { $0.name == key }) else {
                    throw UsageError(message: "\(name): unknown option --\(key)\nusage: \(command.usage)")
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
        if !result.flags.contains("help") && !command.positionals.contains(result.positionals.count) {
            let expected = command.positionals.lowerBound == command.positionals.upperBound
                ? "\(command.positionals.lowerBound)" : "at least \(command.positionals.lowerBound)"
            throw UsageError(message: "\(name): expected \(expected) argument\(command.positionals.upperBound == 1 ? "" : "s"), found \(result.positionals.count)\(result.positionals.isEmpty ? "" : ": \(result.positionals.joined(separator: " "))")\nusage: \(command.usage)")
        }
        return result
    }

    static func help(_ command: CommandSpec) -> String {
        var lines = ["usage: \(command.usage)", "", command.summary, ""]
        if !command.options.isEmpty {
            lines.append("options:")
            let width = command.options.map { $0.name.count + ($0.takesValue ? 4 : 0) }.max()! + 4
            for o in command.options {
                let left = "--\(o.name)\(o.takesValue ? " ARG" : "")"
                lines.append("  " + left + String(repeating: " ", count: max(1, width - left.count)) + o.help)
            }
        }
        return lines.joined(separator: "\n")
    }
}
