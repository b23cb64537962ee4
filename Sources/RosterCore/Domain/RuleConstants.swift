/// The numbers of the rules and of the format, each declared once
/// (docs/RULES.md, docs/FORMAT.md). Messages quote them from here too.
public enum RuleConstants {
    /// Probation before `member.confirmed`, in months.
    public static let probationMonths = 12
    /// The wait before `member.readmitted` after leaving, in months.
    public static let readmissionMonths = 36
    /// Admission age on the effective date; over the upper bound only with
    /// the approving decision.
    public static let admissionAge = 18...60
    /// The length of an id (event, member, unit), in Unicode scalars.
    public static let idLength = 1...128
    /// The years a `year` (ratings, plans, record) may name.
    public static let years = 1900...2999
    /// The years of party age a `member.awarded` badge may mark.
    public static let badgeYears = 1...999
}
