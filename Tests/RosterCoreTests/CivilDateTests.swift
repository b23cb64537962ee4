import Testing
@testable import RosterCore

@Suite struct CivilDateTests {
    @Test(arguments: ["2013-02-30", "2021-13-01", "2021-00-10", "2021-1-01", "20210101", "2021-02-29", "abcd-ef-gh", "2021-01-32"])
    func refusesImpossibleDates(_ text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test func roundTripsEveryDayOfFourCenturies() {
        var day = Day(iso: "1900-01-01")!
        let end = Day(iso: "2300-01-01")!
        while day < end {
            #expect(Day(iso: day.description) == day)
            day = day.adding(days: 1)
        }
        #expect(Day(iso: "1970-01-01")!.number == 0)
        #expect(Day(iso: "2000-03-01")!.number == 11017)
    }

    @Test(arguments: [
        ("2020-02-29", 12, "2021-02-28"), ("2020-03-01", 12, "2021-03-01"),
        ("2021-01-31", 1, "2021-02-28"), ("2019-12-15", 1, "2020-01-15"), ("2020-02-29", 48, "2024-02-29"),
    ])
    func addsMonthsClampingToMonthEnd(_ from: String, _ months: Int, _ to: String) {
        #expect(Day(iso: from)!.adding(months: months).description == to)
    }

    @Test func agesInWholeYears() {
        let birth = Day(iso: "1990-06-15")!
        #expect(Day(iso: "2020-06-14")!.yearsSince(birth) == 29)
        #expect(Day(iso: "2020-06-15")!.yearsSince(birth) == 30)
        #expect(Day(iso: "2000-02-28")!.yearsSince(Day(iso: "1980-02-29")!) == 19)
        #expect(Day(iso: "2000-02-29")!.yearsSince(Day(iso: "1980-02-29")!) == 20)
    }
}
