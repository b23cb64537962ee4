import RosterCore

/// Inline SVG charts, drawn from numbers alone (no script, no fonts to
/// fetch): grouped columns (age bands), grouped horizontal bars (shares and
/// categories), lines over time (series). Every chart has a `<title>` and a
/// `<desc>`, axis titles, the value printed beside each bar, and a `<title>`
/// on each mark for hover. Data marks carry `class="mark"`. Every text is
/// escaped.
struct ChartSeries {
    var name: String
    /// A colour from the page's palette (a CSS colour literal).
    var color: String
    var values: [Double]
    /// The value as printed beside its bar (`1,250`, `15.3 %`).
    var labels: [String]
}

struct BarChart {
    var id: String
    var title: String
    var description: String
    var categories: [String]
    var series: [ChartSeries]
    var valueAxis: String
    var categoryAxis: String
    /// Axis ticks printed as percentages.
    var percent = false
    /// Columns only: the series stacked in one column per category, with
    /// these labels (the sums) above the columns.
    var stackTotals: [String]? = nil
}

struct LineChart {
    var id: String
    var title: String
    var description: String
    var days: [Day]
    /// The label of each point (hover titles).
    var pointLabels: [String]
    /// The points labelled on the time axis, and their labels.
    var ticks: [(index: Int, label: String)]
    var series: [ChartSeries]
    var valueAxis: String
    var timeAxis: String
}

enum SVGCharts {
    static let ink = "#1f2430", muted = "#5b6472", grid = "#e3e6ea"

    // MARK: scales

    /// A round step for about `count` ticks up to `max`.
    static func niceStep(_ max: Double, count: Int = 5) -> Double {
        guard max > 0 else { return 1 }
        let raw = max / Double(count)
        let power = pow(10, floor(log10(raw)))
        for m in [1.0, 2.0, 2.5, 5.0, 10.0] where m * power >= raw { return m * power }
        return 10 * power
    }

    static func axisMax(_ values: [Double]) -> (max: Double, step: Double) {
        let top = values.max() ?? 0
        let step = niceStep(top)
        var max = (top / step).rounded(.up) * step
        if max <= 0 { max = step }
        return (max, step)
    }

    static func tickLabel(_ v: Double, _ n: NumberFormat, percent: Bool) -> String {
        let whole = v.rounded() == v
        let text = whole ? n.integer(Int(v)) : n.decimal(v, decimals: 1)
        return percent ? text + " %" : text
    }

    static func num(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// A label in at most two lines of about `width` characters.
    static func wrap(_ s: String, width: Int) -> [String] {
        guard s.count > width else { return [s] }
        var first = "", rest = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: false) {
            if rest.isEmpty && first.count + word.count + (first.isEmpty ? 0 : 1) <= width {
                first += (first.isEmpty ? "" : " ") + word
            } else {
                rest += (rest.isEmpty ? "" : " ") + word
            }
        }
        if first.isEmpty { return [String(s.prefix(width)), String(s.dropFirst(width).prefix(width))] }
        if rest.count > width { rest = String(rest.prefix(width - 1)) + "…" }
        return rest.isEmpty ? [first] : [first, rest]
    }

    static func open(_ id: String, _ width: Int, _ height: Int, _ title: String, _ description: String) -> String {
        let e = HTMLRender.escape
        return "<svg class=\"chart\" id=\"\(e(id))\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" "
            + "width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(e(id))-t \(e(id))-d\" font-size=\"12\">"
            + "<title id=\"\(e(id))-t\">\(e(title))</title><desc id=\"\(e(id))-d\">\(e(description))</desc>"
    }

    static func legend(_ series: [ChartSeries], x: Double, y: Double) -> String {
        guard series.count > 1 else { return "" }
        var out = "<g class=\"legend\">"
        var cx = x
        for s in series {
            out += "<rect x=\"\(num(cx))\" y=\"\(num(y - 10))\" width=\"12\" height=\"12\" rx=\"2\" fill=\"\(s.color)\"/>"
            out += "<text x=\"\(num(cx + 17))\" y=\"\(num(y))\" fill=\"\(ink)\">\(HTMLRender.escape(s.name))</text>"
            cx += 17 + Double(s.name.count) * 7 + 22
        }
        return out + "</g>"
    }

    // MARK: columns

    /// Vertical grouped columns: categories along x, one column per series.
    static func columns(_ c: BarChart, _ n: NumberFormat) -> String {
        let e = HTMLRender.escape
        let width = 720, height = 330
        let left = 70.0, right = 16.0, top = 40.0, bottom = 62.0
        let plotW = Double(width) - left - right, plotH = Double(height) - top - bottom
        let stacked = c.stackTotals != nil
        let sums = c.categories.indices.map { i in c.series.reduce(0) { $0 + $1.values[i] } }
        let (maxV, step) = axisMax(stacked ? sums : c.series.flatMap(\.values))
        var out = open(c.id, width, height, c.title, c.description)
        out += legend(c.series, x: left, y: 20)
        // Grid and value axis.
        var v = 0.0
        while v <= maxV + step / 2 {
            let y = top + plotH - v / maxV * plotH
            out += "<line x1=\"\(num(left))\" x2=\"\(num(left + plotW))\" y1=\"\(num(y))\" y2=\"\(num(y))\" stroke=\"\(grid)\"/>"
            out += "<text x=\"\(num(left - 8))\" y=\"\(num(y + 4))\" text-anchor=\"end\" fill=\"\(muted)\">\(e(tickLabel(v, n, percent: c.percent)))</text>"
            v += step
        }
        out += "<line x1=\"\(num(left))\" x2=\"\(num(left + plotW))\" y1=\"\(num(top + plotH))\" y2=\"\(num(top + plotH))\" stroke=\"\(muted)\"/>"
        let group = plotW / Double(max(c.categories.count, 1))
        let columnsPerGroup = stacked ? 1 : c.series.count
        let barW = min(stacked ? 44 : 40, group * (stacked ? 0.7 : 0.8) / Double(max(columnsPerGroup, 1)))
        let valueFont = barW < 24 ? 9 : 10
        for (i, cat) in c.categories.enumerated() where stacked {
            let x = left + Double(i) * group + (group - barW) / 2
            var base = top + plotH
            for s in c.series {
                let h = maxV > 0 ? s.values[i] / maxV * plotH : 0
                base -= h
                out += "<rect class=\"mark\" x=\"\(num(x))\" y=\"\(num(base))\" width=\"\(num(barW))\" height=\"\(num(h))\" fill=\"\(s.color)\">"
                out += "<title>\(e(cat)) · \(e(s.name)): \(e(s.labels[i]))</title></rect>"
            }
            out += "<text x=\"\(num(x + barW / 2))\" y=\"\(num(base - 4))\" text-anchor=\"middle\" font-size=\"\(valueFont)\" fill=\"\(ink)\" font-weight=\"600\">\(e(c.stackTotals![i]))</text>"
            out += "<text x=\"\(num(x + barW / 2))\" y=\"\(num(top + plotH + 18))\" text-anchor=\"middle\" fill=\"\(ink)\">\(e(cat))</text>"
        }
        for (i, cat) in c.categories.enumerated() where !stacked {
            let gx = left + Double(i) * group + (group - barW * Double(c.series.count)) / 2
            for (k, s) in c.series.enumerated() {
                let value = s.values[i]
                let h = maxV > 0 ? value / maxV * plotH : 0
                let x = gx + Double(k) * barW
                let y = top + plotH - h
                out += "<rect class=\"mark\" x=\"\(num(x + 1))\" y=\"\(num(y))\" width=\"\(num(barW - 2))\" height=\"\(num(h))\" fill=\"\(s.color)\">"
                out += "<title>\(e(s.name)) · \(e(cat)): \(e(s.labels[i]))</title></rect>"
                out += "<text x=\"\(num(x + barW / 2))\" y=\"\(num(y - 4))\" text-anchor=\"middle\" font-size=\"\(valueFont)\" fill=\"\(ink)\">\(e(s.labels[i]))</text>"
            }
            out += "<text x=\"\(num(left + Double(i) * group + group / 2))\" y=\"\(num(top + plotH + 18))\" text-anchor=\"middle\" fill=\"\(ink)\">\(e(cat))</text>"
        }
        out += "<text x=\"\(num(left + plotW / 2))\" y=\"\(height - 12)\" text-anchor=\"middle\" fill=\"\(muted)\" font-weight=\"600\">\(e(c.categoryAxis))</text>"
        out += "<text transform=\"translate(16 \(num(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"\(muted)\" font-weight=\"600\">\(e(c.valueAxis))</text>"
        return out + "</svg>"
    }

    // MARK: horizontal bars

    /// Horizontal grouped bars: one row per category, its label on the left,
    /// one bar per series with the value printed after it.
    /// `colors` gives each category its own colour (one series only).
    static func bars(_ c: BarChart, _ n: NumberFormat, colors: [String]? = nil) -> String {
        let e = HTMLRender.escape
        let width = 720
        let labelChars = min(34, max(8, c.categories.map(\.count).max() ?? 8))
        let left = Double(labelChars) * 6.6 + 16, right = 74.0, top = c.series.count > 1 ? 38.0 : 14.0, bottom = 50.0
        let barH = 14.0, gap = 2.0
        let rowH = Double(c.series.count) * (barH + gap) + 12
        let plotW = Double(width) - left - right
        let plotH = rowH * Double(c.categories.count)
        let height = Int(top + plotH + bottom)
        let (maxV, step) = axisMax(c.series.flatMap(\.values))
        var out = open(c.id, width, height, c.title, c.description)
        out += legend(c.series, x: left, y: 20)
        var v = 0.0
        while v <= maxV + step / 2 {
            let x = left + v / maxV * plotW
            out += "<line x1=\"\(num(x))\" x2=\"\(num(x))\" y1=\"\(num(top))\" y2=\"\(num(top + plotH))\" stroke=\"\(grid)\"/>"
            out += "<text x=\"\(num(x))\" y=\"\(num(top + plotH + 16))\" text-anchor=\"middle\" fill=\"\(muted)\">\(e(tickLabel(v, n, percent: c.percent)))</text>"
            v += step
        }
        out += "<line x1=\"\(num(left))\" x2=\"\(num(left))\" y1=\"\(num(top))\" y2=\"\(num(top + plotH))\" stroke=\"\(muted)\"/>"
        for (i, cat) in c.categories.enumerated() {
            let rowY = top + Double(i) * rowH + 6
            let lines = wrap(cat, width: labelChars)
            let blockH = Double(c.series.count) * (barH + gap)
            let mid = rowY + blockH / 2
            for (j, line) in lines.enumerated() {
                let y = mid + 4 + (Double(j) - Double(lines.count - 1) / 2) * 13
                out += "<text x=\"\(num(left - 8))\" y=\"\(num(y))\" text-anchor=\"end\" fill=\"\(ink)\">\(e(line))</text>"
            }
            for (k, s) in c.series.enumerated() {
                let value = s.values[i]
                let w = maxV > 0 ? value / maxV * plotW : 0
                let y = rowY + Double(k) * (barH + gap)
                let fill = colors.map { $0[i] } ?? s.color
                out += "<rect class=\"mark\" x=\"\(num(left))\" y=\"\(num(y))\" width=\"\(num(w))\" height=\"\(num(barH))\" fill=\"\(fill)\">"
                out += "<title>\(e(s.name)) · \(e(cat)): \(e(s.labels[i]))</title></rect>"
                out += "<text x=\"\(num(left + w + 5))\" y=\"\(num(y + barH - 3))\" font-size=\"11\" fill=\"\(ink)\">\(e(s.labels[i]))</text>"
            }
        }
        out += "<text x=\"\(num(left + plotW / 2))\" y=\"\(height - 10)\" text-anchor=\"middle\" fill=\"\(muted)\" font-weight=\"600\">\(e(c.valueAxis))</text>"
        return out + "</svg>"
    }

    // MARK: lines

    /// Lines over time: x proportional to the date, a dot with a hover title
    /// at every point, the first and last values printed.
    static func lines(_ c: LineChart, _ n: NumberFormat) -> String {
        let e = HTMLRender.escape
        let width = 720, height = 320
        let left = 70.0, right = 60.0, top = 40.0, bottom = 62.0
        let plotW = Double(width) - left - right, plotH = Double(height) - top - bottom
        let (maxV, step) = axisMax(c.series.flatMap(\.values))
        var out = open(c.id, width, height, c.title, c.description)
        out += legend(c.series, x: left, y: 20)
        var v = 0.0
        while v <= maxV + step / 2 {
            let y = top + plotH - v / maxV * plotH
            out += "<line x1=\"\(num(left))\" x2=\"\(num(left + plotW))\" y1=\"\(num(y))\" y2=\"\(num(y))\" stroke=\"\(grid)\"/>"
            out += "<text x=\"\(num(left - 8))\" y=\"\(num(y + 4))\" text-anchor=\"end\" fill=\"\(muted)\">\(e(tickLabel(v, n, percent: false)))</text>"
            v += step
        }
        guard let first = c.days.first, let last = c.days.last else { return out + "</svg>" }
        let span = Double(max(1, last.number - first.number))
        func x(_ d: Day) -> Double { c.days.count == 1 ? left + plotW / 2 : left + Double(d.number - first.number) / span * plotW }
        func y(_ v: Double) -> Double { top + plotH - (maxV > 0 ? v / maxV * plotH : 0) }
        out += "<line x1=\"\(num(left))\" x2=\"\(num(left + plotW))\" y1=\"\(num(top + plotH))\" y2=\"\(num(top + plotH))\" stroke=\"\(muted)\"/>"
        for t in c.ticks {
            let d = c.days[t.index]
            out += "<line x1=\"\(num(x(d)))\" x2=\"\(num(x(d)))\" y1=\"\(num(top + plotH))\" y2=\"\(num(top + plotH + 5))\" stroke=\"\(muted)\"/>"
            out += "<text x=\"\(num(x(d)))\" y=\"\(num(top + plotH + 18))\" text-anchor=\"middle\" fill=\"\(ink)\">\(e(t.label))</text>"
        }
        // The first and last values of every line, pushed apart so that they never overlap.
        func spread(_ ys: [Double]) -> [Double] {
            let order = ys.indices.sorted { ys[$0] < ys[$1] }
            var out = ys
            var previous = -Double.infinity
            for i in order {
                out[i] = max(ys[i], previous + 13)
                previous = out[i]
            }
            return out
        }
        let firstY = spread(c.series.map { y($0.values.first ?? 0) - 8 })
        let lastY = spread(c.series.map { y($0.values.last ?? 0) + 4 })
        for (k, s) in c.series.enumerated() {
            let path = zip(c.days, s.values).enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(num(x(p.0))) \(num(y(p.1)))" }.joined(separator: " ")
            out += "<path class=\"mark line\" d=\"\(path)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2.5\" stroke-linejoin=\"round\"><title>\(e(s.name))</title></path>"
            let dot = c.days.count > 60 ? 1.6 : 3.2
            for (i, d) in c.days.enumerated() {
                out += "<circle class=\"mark\" cx=\"\(num(x(d)))\" cy=\"\(num(y(s.values[i])))\" r=\"\(dot)\" fill=\"\(s.color)\">"
                out += "<title>\(e(s.name)) · \(e(c.pointLabels[i])): \(e(s.labels[i]))</title></circle>"
            }
            if let firstLabel = s.labels.first, c.days.count > 1 {
                out += "<text x=\"\(num(x(first) + 4))\" y=\"\(num(firstY[k]))\" text-anchor=\"start\" font-size=\"11\" fill=\"\(s.color)\" font-weight=\"600\">\(e(firstLabel))</text>"
            }
            if let lastLabel = s.labels.last {
                out += "<text x=\"\(num(x(last) + 6))\" y=\"\(num(lastY[k]))\" font-size=\"11\" fill=\"\(s.color)\" font-weight=\"600\">\(e(lastLabel))</text>"
            }
        }
        out += "<text x=\"\(num(left + plotW / 2))\" y=\"\(height - 12)\" text-anchor=\"middle\" fill=\"\(muted)\" font-weight=\"600\">\(e(c.timeAxis))</text>"
        out += "<text transform=\"translate(16 \(num(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"\(muted)\" font-weight=\"600\">\(e(c.valueAxis))</text>"
        return out + "</svg>"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
