import GantryGates
import Testing

/// Parsing of the classic 5-field cron.
@Suite struct CronExpressionTests {
    @Test func listsRangesStepsAndNames() throws {
        let cron = try CronExpression("0,30 9-17/2 1,15 jan-mar mon-fri")
        #expect(cron.minutes == [0, 30])
        #expect(cron.hours == [9, 11, 13, 15, 17])
        #expect(cron.daysOfMonth == [1, 15])
        #expect(cron.months == [1, 2, 3])
        #expect(cron.daysOfWeek == [1, 2, 3, 4, 5])
        #expect(cron.dayOfMonthRestricted && cron.dayOfWeekRestricted)
    }

    @Test func sundayIsZeroAndSeven() throws {
        #expect(try CronExpression("0 0 * * 7").daysOfWeek == [0])
        #expect(try CronExpression("0 0 * * 0").daysOfWeek == [0])
        #expect(try CronExpression("0 0 * * SUN").daysOfWeek == [0])
    }

    @Test func starFieldsAreUnrestricted() throws {
        let cron = try CronExpression("*/15 * */2 * *")
        #expect(cron.minutes == [0, 15, 30, 45])
        #expect(!cron.dayOfMonthRestricted)
        #expect(!cron.dayOfWeekRestricted)
        #expect(cron.daysOfWeek.count == 7)
    }

    @Test func namesInAnyCaseAndFebruary29thAreAccepted() throws {
        #expect(try CronExpression("0 0 * Jan,DEC Mon-Fri").months == [1, 12])
        #expect(try CronExpression("0 0 29 2 *").daysOfMonth == [29])
        // With the OR rule a weekday can still match, so a missing day is not an error.
        #expect(try CronExpression("0 0 30 2 mon").daysOfWeek == [1])
        #expect(try CronExpression("0 0 31 * *").daysOfMonth == [31])
    }

    @Test func macros() throws {
        #expect(try CronExpression("@hourly").minutes == [0])
        #expect(try CronExpression("@daily").hours == [0])
        #expect(try CronExpression("@weekly").daysOfWeek == [0])
        #expect(try CronExpression("@monthly").daysOfMonth == [1])
        #expect(try CronExpression("@yearly").months == [1])
    }

    @Test(arguments: [
        ("* * * *", "cron needs 5 fields (minute hour day-of-month month day-of-week), found 4"),
        ("60 * * * *", "minute value 60 is out of range 0-59"),
        ("5/10 * * * *", "'5/10' in minute field is a step without a range; write '5-59/10' or '*/10'"),
        ("* * * foo *", "'foo' is not a valid month (expected a number or a name like 'jan')"),
        ("* * * * 1-8", "day-of-week value 8 is out of range 0-7"),
        ("* 5-2 * * *", "range '5-2' in hour field runs backwards"),
        ("*/0 * * * *", "step '0' in minute field must be a positive number"),
        ("1,,2 * * * *", "empty entry in minute field '1,,2'"),
        ("@reboot", "unknown cron macro '@reboot' (use @hourly, @daily, @weekly, @monthly or @yearly)"),
        ("", "cron needs 5 fields (minute hour day-of-month month day-of-week), found 0"),
        ("0 0 * * * *", "cron needs 5 fields (minute hour day-of-month month day-of-week), found 6"),
        ("mon/2 * * * *", "'mon' is not a valid minute (expected a number)"),
        ("0 0 * * mon/2", "'mon/2' in day-of-week field is a step without a range; write '1-7/2' or '*/2'"),
        ("+5 * * * *", "'+5' is not a valid minute (expected a number)"),
        ("-5 * * * *", "range '-5' in minute field needs a value on both sides of '-'"),
        ("0 0 32 * *", "day-of-month value 32 is out of range 1-31"),
        ("0 0 0 * *", "day-of-month value 0 is out of range 1-31"),
        ("0 0 * 13 *", "month value 13 is out of range 1-12"),
        ("0 0 * * fri-mon", "range 'fri-mon' in day-of-week field runs backwards"),
        ("*/x * * * *", "step 'x' in minute field must be a positive number"),
        ("1/2/3 * * * *", "too many '/' in minute field '1/2/3'"),
        ("0 0 30 2 *", "never fires: no month in '2' has day '30'"),
        ("0 0 31 apr,jun,sep,nov *", "never fires: no month in 'apr,jun,sep,nov' has day '31'"),
    ])
    func rejected(text: String, message: String) {
        #expect(throws: CronExpression.ParseError.self) { try CronExpression(text) }
        do {
            _ = try CronExpression(text)
        } catch {
            #expect(error.message == message)
        }
    }
}
