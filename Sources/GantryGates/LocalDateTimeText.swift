/// `YYYY-MM-DDTHH:MM` (or a bare date, meaning midnight) into a `LocalDateTime`.
public enum LocalDateTimeText {
    public static func parse(_ text: String) -> LocalDateTime? {
        let halves = text.split(whereSeparator: { $0 == "T" || $0 == " " }).map(String.init)
        guard (1...2).contains(halves.count) else { return nil }
        let date = halves[0].split(separator: "-", omittingEmptySubsequences: false)
        guard date.count == 3, date[0].count == 4, date[1].count == 2, date[2].count == 2,
              let year = Int(date[0]), let month = Int(date[1]), let day = Int(date[2]),
              (1...12).contains(month), day >= 1, day <= ZoneCalendar.daysIn(month: month, year: year) else { return nil }
        var hour = 0, minute = 0
        if halves.count == 2 {
            let time = halves[1].split(separator: ":", omittingEmptySubsequences: false)
            guard time.count == 2, time[0].count == 2, time[1].count == 2,
                  let parsedHour = Int(time[0]), let parsedMinute = Int(time[1]),
                  (0...23).contains(parsedHour), (0...59).contains(parsedMinute) else { return nil }
            hour = parsedHour
            minute = parsedMinute
        }
        return LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute)
    }
}
