import RosterCore
import RosterStore

extension Ledger {
    /// The names and kept confirmation dates of every member, for member lists.
    public func memberDirectory() throws -> MemberDirectory {
        var directory = MemberDirectory()
        try forEachEvent { seq, event in directory.add(event, seq: seq) }
        return directory
    }
}
