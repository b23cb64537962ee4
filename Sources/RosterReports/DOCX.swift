import RosterCore

/// `--format docx`: a report as a WordprocessingML document (ECMA-376) in a
/// stored zip — the administrative document offices edit, sign and send:
/// A4 portrait, Times New Roman, the letterhead (superior committee above
/// the issuing organisation, left; the party's name, right), the number, the
/// place and date, the title, the report's sections as tables with unit
/// names, the signature block and the recipients, page numbers in the footer
/// and the ledger head as a footnote. Generic over `ReportDocument`: every
/// report that builds one gets its DOCX.
///
/// Every text goes through `WordML.text`, which escapes XML and drops the
/// characters XML 1.0 cannot carry.
public enum DOCX {
    /// A4 in twentieths of a point (210 × 297 mm).
    static let pageWidth = 11906, pageHeight = 16838
    /// Margins: 20 mm top and bottom, 30 mm left, 20 mm right (1 mm ≈ 56.7 twips).
    static let marginTop = 1134, marginBottom = 1134, marginLeft = 1701, marginRight = 1134
    static var textWidth: Int { pageWidth - marginLeft - marginRight }
    /// Half-points: 14 pt body, 12 pt tables, 10 pt footnote.
    static let bodySize = 28, tableSize = 24, smallSize = 20

    /// The document's files, in the order they go into the zip.
    static func files(_ doc: ReportDocument, narrative: String?, letterhead: Letterhead, language: Language) -> [(name: String, text: String)] {
        let layout = OfficeLayout(doc, letterhead, language)
        return [
            ("[Content_Types].xml", WordML.contentTypes),
            ("_rels/.rels", WordML.packageRels),
            ("docProps/core.xml", WordML.core(title: layout.doc.title, language: language)),
            ("word/_rels/document.xml.rels", WordML.documentRels),
            ("word/document.xml", WordML.document(layout, narrative: narrative)),
            ("word/styles.xml", WordML.styles(language: language)),
            ("word/settings.xml", WordML.settings),
            ("word/footnotes.xml", WordML.footnotes(layout.footnote)),
            ("word/footer1.xml", WordML.footer),
        ]
    }

    static func render(_ doc: ReportDocument, narrative: String? = nil, letterhead: Letterhead, language: Language) -> [UInt8] {
        var zip = ZipWriter()
        for f in files(doc, narrative: narrative, letterhead: letterhead, language: language) { zip.add(f.name, text: f.text) }
        return zip.finished()
    }
}

/// The XML of the parts, small and written by hand.
enum WordML {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// Text for element content and attribute values: `& < > " '` escaped;
    /// tab, newline and carriage return as spaces; the other control
    /// characters (which XML 1.0 cannot carry at all), lone surrogates and
    /// the non-characters U+FFFE/U+FFFF dropped.
    static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += " "
            default:
                if ch.value < 0x20 || ch.value == 0xFFFE || ch.value == 0xFFFF { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static let contentTypes = header + """
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
    <Default Extension="xml" ContentType="application/xml"/>\
    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
    <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
    <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
    <Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>\
    <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
    <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
    </Types>
    """

    static let packageRels = header + """
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
    </Relationships>
    """

    static let documentRels = header + """
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
    <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>\
    <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>\
    </Relationships>
    """

    static func core(title: String, language: Language) -> String {
        let lang = language == .vi ? "vi-VN" : "en-GB"
        return header + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>\(text(title))</dc:title>"
            + "<dc:language>\(lang)</dc:language><dc:creator>Roster</dc:creator></cp:coreProperties>"
    }

    static let settings = header + """
    <w:settings xmlns:w="\(w)"><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>\
    <w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:compat/></w:settings>
    """

    static func styles(language: Language) -> String {
        let lang = language == .vi ? "vi-VN" : "en-GB"
        let font = "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
        let body = String(DOCX.bodySize), table = String(DOCX.tableSize), small = String(DOCX.smallSize)
        var s = header + "<w:styles xmlns:w=\"\(w)\">"
        s += "<w:docDefaults><w:rPrDefault><w:rPr>\(font)<w:sz w:val=\"\(body)\"/><w:szCs w:val=\"\(body)\"/>"
        s += "<w:lang w:val=\"\(lang)\"/></w:rPr></w:rPrDefault>"
        s += "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
        s += "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
        s += "<w:pPr><w:spacing w:before=\"60\" w:after=\"60\"/><w:jc w:val=\"both\"/></w:pPr></w:style>"
        s += "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>"
        s += "<w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"0\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>"
        s += "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>"
        s += "<w:pPr><w:keepNext/><w:spacing w:before=\"200\" w:after=\"80\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>"
        s += "<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/>"
        s += "<w:pPr><w:spacing w:before=\"20\" w:after=\"20\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/></w:pPr>"
        s += "<w:rPr><w:sz w:val=\"\(table)\"/><w:szCs w:val=\"\(table)\"/></w:rPr></w:style>"
        s += "<w:style w:type=\"paragraph\" w:styleId=\"FootnoteText\"><w:name w:val=\"footnote text\"/><w:basedOn w:val=\"Normal\"/>"
        s += "<w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/></w:pPr>"
        s += "<w:rPr><w:sz w:val=\"\(small)\"/><w:szCs w:val=\"\(small)\"/></w:rPr></w:style>"
        s += "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>"
        s += "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>"
        s += "<w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"\(table)\"/><w:szCs w:val=\"\(table)\"/></w:rPr></w:style>"
        s += "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
        s += "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/>"
        s += "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
        return s + "</w:styles>"
    }

    static func footnotes(_ note: String) -> String {
        let tight = "<w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
        var s = header + "<w:footnotes xmlns:w=\"\(w)\">"
        s += "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p>\(tight)<w:r><w:separator/></w:r></w:p></w:footnote>"
        s += "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p>\(tight)<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        s += "<w:footnote w:id=\"1\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr>"
        s += "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>"
        s += "<w:r><w:t xml:space=\"preserve\"> \(text(note))</w:t></w:r></w:p></w:footnote>"
        return s + "</w:footnotes>"
    }

    /// The page number, centred (a PAGE field).
    static let footer = header + """
    <w:ftr xmlns:w="\(w)"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>\
    <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>\
    <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>
    """

    // MARK: runs and paragraphs

    struct Run {
        var text: String
        var bold = false, italic = false, underline = false
        var size: Int? = nil
    }

    static func run(_ r: Run) -> String {
        var props = ""
        if r.bold { props += "<w:b/><w:bCs/>" }
        if r.italic { props += "<w:i/><w:iCs/>" }
        if let s = r.size { props += "<w:sz w:val=\"\(s)\"/><w:szCs w:val=\"\(s)\"/>" }
        if r.underline { props += "<w:u w:val=\"single\"/>" }
        let rPr = props.isEmpty ? "" : "<w:rPr>" + props + "</w:rPr>"
        return "<w:r>" + rPr + "<w:t xml:space=\"preserve\">" + text(r.text) + "</w:t></w:r>"
    }

    enum Align: String { case left, center, right, both }

    static func paragraph(_ runs: [Run], style: String? = nil, align: Align? = nil, keepNext: Bool = false,
                          before: Int? = nil, after: Int? = nil, firstLine: Int? = nil, extra: String = "") -> String {
        var ppr = ""
        if let style { ppr += "<w:pStyle w:val=\"\(style)\"/>" }
        if keepNext { ppr += "<w:keepNext/>" }
        if before != nil || after != nil {
            var spacing = "<w:spacing"
            if let before { spacing += " w:before=\"\(before)\"" }
            if let after { spacing += " w:after=\"\(after)\"" }
            ppr += spacing + "/>"
        }
        if let firstLine { ppr += "<w:ind w:firstLine=\"\(firstLine)\"/>" }
        if let align { ppr += "<w:jc w:val=\"\(align.rawValue)\"/>" }
        let pPr = ppr.isEmpty ? "" : "<w:pPr>" + ppr + "</w:pPr>"
        return "<w:p>" + pPr + runs.map(run).joined() + extra + "</w:p>"
    }

    static func p(_ s: String, bold: Bool = false, italic: Bool = false, underline: Bool = false, size: Int? = nil,
                  style: String? = nil, align: Align? = nil, before: Int? = nil, after: Int? = nil) -> String {
        paragraph([Run(text: s, bold: bold, italic: italic, underline: underline, size: size)], style: style, align: align,
                  before: before, after: after)
    }

    /// A borderless table of two cells side by side (letterhead, signature block).
    static func twoColumns(_ left: [String], _ right: [String], leftWidth: Int) -> String {
        let rightWidth = DOCX.textWidth - leftWidth
        func cell(_ width: Int, _ ps: [String]) -> String {
            let content = ps.isEmpty ? "<w:p/>" : ps.joined()
            return "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/></w:tcPr>" + content + "</w:tc>"
        }
        var t = "<w:tbl><w:tblPr><w:tblW w:w=\"\(DOCX.textWidth)\" w:type=\"dxa\"/>"
        t += "<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/>"
        t += "<w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr>"
        t += "<w:tblGrid><w:gridCol w:w=\"\(leftWidth)\"/><w:gridCol w:w=\"\(rightWidth)\"/></w:tblGrid>"
        t += "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + cell(leftWidth, left) + cell(rightWidth, right) + "</w:tr></w:tbl>"
        return t
    }

    /// Wide tables (five figure columns or more) print their header at 10 pt.
    static func headerSize(_ s: ReportDocument.Section) -> Int { s.columns.count >= 5 ? 20 : DOCX.tableSize }

    /// Column widths in twips: each figure column as wide as its longest cell
    /// (about 150 twips a character at 12 pt) or the longest word of its
    /// title (at the header's size), plus the cell margins; the label column
    /// gets the rest. Scaled down when the figures would leave the labels
    /// less than 1,800 twips (32 mm).
    static func widths(_ s: ReportDocument.Section, _ n: NumberFormat) -> (label: Int, figures: [Int]) {
        let perChar = 150, padding = 300
        let headerChar = headerSize(s) * 5 + 5
        var figures: [Int] = []
        for i in s.columns.indices {
            let title: Int = s.columns[i].title.split(separator: " ").map(\.count).max() ?? 1
            var cells = 3
            for row in s.rows where i < row.cells.count { cells = max(cells, row.cells[i].display(n).count) }
            let width: Int = max(title * headerChar, cells * perChar) + padding
            figures.append(width)
        }
        let room = DOCX.textWidth - 1800
        let total = figures.reduce(0, +)
        if total > room { figures = figures.map { $0 * room / total } }
        let label = min(DOCX.textWidth - figures.reduce(0, +), 5200)
        return (label, figures)
    }

    /// A report section as a bordered table: the section's title over the
    /// label column, one column per figure, the header repeated on each page.
    static func table(_ s: ReportDocument.Section, _ n: NumberFormat) -> String {
        let (labelWidth, figureWidths) = widths(s, n)
        let headerSize = WordML.headerSize(s)
        let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\""
        var out = "<w:tbl><w:tblPr><w:tblW w:w=\"\(labelWidth + figureWidths.reduce(0, +))\" w:type=\"dxa\"/>"
        out += "<w:tblBorders><w:top \(border)/><w:left \(border)/><w:bottom \(border)/>"
        out += "<w:right \(border)/><w:insideH \(border)/><w:insideV \(border)/></w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr>"
        out += "<w:tblGrid><w:gridCol w:w=\"\(labelWidth)\"/>"
        for w in figureWidths { out += "<w:gridCol w:w=\"\(w)\"/>" }
        out += "</w:tblGrid>"
        func cell(_ width: Int, _ text: String, bold: Bool, align: Align, head: Bool = false) -> String {
            var c = "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
            if head { c += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7E9EC\"/>" }
            c += "<w:vAlign w:val=\"center\"/></w:tcPr>"
            let size: Int? = head && headerSize != DOCX.tableSize ? headerSize : nil
            return c + p(text, bold: bold, size: size, style: "TableText", align: align) + "</w:tc>"
        }
        out += "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" + cell(labelWidth, s.title, bold: true, align: .left, head: true)
        for (c, w) in zip(s.columns, figureWidths) { out += cell(w, c.title, bold: true, align: .center, head: true) }
        out += "</w:tr>"
        for row in s.rows {
            out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + cell(labelWidth, row.label, bold: row.strong, align: .left)
            for (i, c) in row.cells.enumerated() {
                // A percentage stays on one line with its number.
                let text = c.display(n).replacing(" %", with: "\u{00A0}%")
                out += cell(i < figureWidths.count ? figureWidths[i] : 0, text, bold: row.strong, align: .right)
            }
            out += "</w:tr>"
        }
        return out + "</w:tbl>"
    }

    // MARK: the document

    static func document(_ layout: OfficeLayout, narrative: String?) -> String {
        let doc = layout.doc
        let n = NumberFormat(layout.language)
        var body = ""
        // Letterhead: superior and organisation (left), the party and the date line (right).
        var left: [String] = []
        if let s = layout.superiorLine { left.append(p(s, size: 26, align: .center, before: 0, after: 0)) }
        left.append(p(layout.organisationLine, bold: true, size: 26, align: .center, before: 0, after: 0))
        left.append(p("*", align: .center, before: 0, after: 0))
        left.append(p(layout.numberLine, size: 26, align: .center, before: 0, after: 0))
        let right = [p(layout.party, bold: true, underline: true, size: 26, align: .center, before: 0, after: 0),
                     p("", before: 0, after: 0),
                     p(layout.dateLine, italic: true, size: 26, align: .center, before: 0, after: 0)]
        body += twoColumns(left, right, leftWidth: 4300)
        // Title, the report's subject with the footnote mark, the scope.
        body += paragraph([Run(text: layout.kindLine, bold: true, size: 30)], style: "Title", before: 360)
        let mark = "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"1\"/></w:r>"
        body += paragraph([Run(text: layout.titleLine, bold: true)], style: "Title", before: 0, extra: mark)
        body += p("-----", align: .center, before: 0, after: 120)
        if let scope = layout.scopeLine { body += p(scope, italic: true, align: .center, after: 200) }
        if let narrative, !narrative.isEmpty {
            for para in narrative.split(separator: "\n", omittingEmptySubsequences: true) {
                body += paragraph([Run(text: String(para))], align: .both, firstLine: 567)
            }
        }
        for (i, s) in doc.sections.enumerated() {
            body += p("\(i + 1). \(s.title)", style: "Heading2")
            body += table(s, n)
        }
        // Signature block: recipients (left), mandate, title and name (right).
        var recipients = [paragraph([Run(text: layout.recipientsTitle, bold: true, italic: true, size: 24)], align: .left, before: 0, after: 0)]
        recipients += layout.recipientLines.map { p($0, size: 22, align: .left, before: 0, after: 0) }
        var signature = [p(layout.mandateLine, bold: true, align: .center, before: 0, after: 0)]
        if let t = layout.signerTitleLine { signature.append(p(t, bold: true, align: .center, before: 0, after: 0)) }
        signature += Array(repeating: p("", before: 0, after: 0), count: 4)
        if let s = layout.signerLine { signature.append(p(s, bold: true, align: .center, before: 0, after: 0)) }
        body += p("", before: 240, after: 0)
        body += twoColumns(recipients, signature, leftWidth: 4300)
        var section = "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/>"
        section += "<w:pgSz w:w=\"\(DOCX.pageWidth)\" w:h=\"\(DOCX.pageHeight)\" w:orient=\"portrait\"/>"
        section += "<w:pgMar w:top=\"\(DOCX.marginTop)\" w:right=\"\(DOCX.marginRight)\" w:bottom=\"\(DOCX.marginBottom)\" "
        section += "w:left=\"\(DOCX.marginLeft)\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>"
        return header + "<w:document xmlns:w=\"\(w)\" xmlns:r=\"\(r)\"><w:body>" + body + section + "</w:body></w:document>"
    }
}
