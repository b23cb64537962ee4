import Testing
import RosterCore
@testable import RosterReports

@Suite struct NumberFormatTests {
    let en = NumberFormat(.en), vi = NumberFormat(.vi)

    @Test func groupsThousands() {
        #expect(en.integer(8197) == "8,197")
        #expect(vi.integer(8197) == "8.197")
        #expect(vi.integer(1_234_567) == "1.234.567")
        #expect(en.integer(999) == "999")
        #expect(en.integer(0) == "0")
        #expect(en.integer(-1500) == "-1,500")
        #expect(vi.signedInteger(411) == "+411")
        #expect(vi.signedInteger(-12_000) == "-12.000")
        #expect(vi.signedInteger(0) == "0")
    }

    @Test func percentOneDecimalInTablesTwoInProse() {
        #expect(vi.percent(15.25) == "15,3 %")
        #expect(en.percent(15.25) == "15.3 %")
        #expect(vi.percent(15.25, decimals: 2) == "15,25 %")
        #expect(en.percent(0.04) == "0.0 %")
        #expect(en.percent(2.675, decimals: 2) == "2.68 %")
        #expect(vi.percent(-0.05) == "-0,1 %")
    }

    @Test func sharesAreRoundedFromExactFractions() {
        // 1250/8197 = 15.2495…%, 231/7786 = 2.9668…%
        #expect(vi.share(1250, of: 8197) == "15,2 %")
        #expect(vi.share(1250, of: 8197, decimals: 2) == "15,25 %")
        #expect(vi.share(231, of: 7786, decimals: 2) == "2,97 %")
        #expect(en.share(1, of: 8) == "12.5 %")     // 12.5 exactly: stays
        #expect(en.share(1, of: 16) == "6.3 %")     // 6.25 rounds half away from zero
        #expect(en.share(0, of: 0) == "–")
        #expect(en.share(7, of: 7) == "100.0 %")
    }

    @Test func percentagePointsAreSignedAndExact() {
        #expect(vi.points(from: 231, of: 7786, to: 1250, of: 8197, decimals: 2) == "+12,28")
        #expect(en.points(from: 1250, of: 8197, to: 231, of: 7786) == "-12.3")
        #expect(en.points(from: 1, of: 2, to: 2, of: 4) == "0.0")
        #expect(en.points(from: 1, of: 0, to: 2, of: 4) == "–")
        // Exact, not the difference of rounded shares: 1/3 → 2/3 is 33.333… points.
        #expect(NumberFormat.pointsScaled(from: 1, of: 3, to: 2, of: 3, decimals: 2) == 3333)
    }

    @Test func compoundAnnualGrowth() throws {
        let years = NumberFormat.years(from: Day(iso: "2010-12-31")!, to: Day(iso: "2020-12-31")!)
        #expect(years == 10)
        let rate = try #require(NumberFormat.compoundAnnualGrowth(from: 7786, to: 8197, years: years))
        #expect(vi.percent(rate, decimals: 2) == "0,52 %")
        #expect(NumberFormat.compoundAnnualGrowth(from: 0, to: 10, years: 3) == nil)
        let half = NumberFormat.years(from: Day(iso: "2020-01-01")!, to: Day(iso: "2020-07-02")!)
        #expect(abs(half - 183.0 / 366.0) < 1e-9)
        let down = try #require(NumberFormat.compoundAnnualGrowth(from: 1000, to: 810, years: 2))
        #expect(abs(down - -10) < 1e-9)
    }
}
