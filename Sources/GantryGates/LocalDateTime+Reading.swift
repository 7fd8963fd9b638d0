import Foundation

extension LocalDateTime {
    /// The wall-clock reading of `date` in `timeZone`, to the minute.
    public init(_ date: Date, in timeZone: TimeZone) {
        let local = ZoneCalendar(timeZone: timeZone).localSeconds(at: date)
        let (year, month, day) = ZoneCalendar.civil(fromDay: ZoneCalendar.floorDiv(local, 86_400))
        let seconds = ZoneCalendar.floorMod(local, 86_400)
        self.init(year: year, month: month, day: day, hour: seconds / 3600, minute: seconds / 60 % 60)
    }

    /// Its weekday.
    public var weekday: Weekday {
        ZoneCalendar.weekday(ofDay: ZoneCalendar.dayNumber(year: year, month: month, day: day))
    }

    /// The form people read in schedules: `Tue 8 Dec 10:00`, with the year when it is not `currentYear`.
    public func dayAndTime(currentYear: Int? = nil) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let year = currentYear == nil || currentYear == self.year ? "" : " \(self.year)"
        return "\(weekday.displayName) \(day) \(months[(month - 1) % 12])\(year) "
            + String(format: "%02d:%02d", hour, minute)
    }
}
