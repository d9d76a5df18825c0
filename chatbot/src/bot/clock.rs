//! `!time` and `!uptime`: turning seconds into something a person reads.
//!
//! Both functions take plain numbers, never read a clock themselves, and so
//! can be tested against fixed values. The server reads the clocks, once:
//! `SystemTime::now()` for the wall time (it can jump, which is fine for
//! showing the date) and an `Instant` taken at startup for uptime (it
//! cannot jump, which is what a duration needs).
//!
//! Uptime is shown largest unit first, with the leading unit unpadded and
//! the rest two digits wide, so it reads naturally and lines up:
//! `5s`, `2m 03s`, `1h 02m 03s`, `3d 00h 00m 07s`.
//!
//! Wall time is shown as UTC, `2023-11-14 22:13:20 UTC`, because the server
//! cannot know each user's time zone. Turning a count of days into a date
//! has to respect the Gregorian leap rule (every 4th year, except every
//! 100th, except every 400th). Teaching shortcut: we skip whole 400-year
//! cycles (always exactly 146 097 days), then walk year by year and month
//! by month, which is at most a few hundred steps and easy to check. Date
//! libraries use closed-form arithmetic instead.
//!
//! ```
//! use chatbot::bot::clock::{format_uptime, format_utc};
//! use std::time::Duration;
//!
//! assert_eq!(format_uptime(Duration::from_secs(3723)), "1h 02m 03s");
//! assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
//! ```

use std::time::Duration;

const SECS_PER_DAY: u64 = 86_400;

/// Days in a 400-year Gregorian cycle: 400 * 365 + 97 leap days.
const DAYS_PER_400_YEARS: u64 = 146_097;

/// A duration as `1h 02m 03s`; sub-second parts are dropped.
pub fn format_uptime(uptime: Duration) -> String {
    let total = uptime.as_secs();
    let (days, hours) = (total / SECS_PER_DAY, total / 3600 % 24);
    let (minutes, seconds) = (total / 60 % 60, total % 60);
    if days > 0 {
        format!("{days}d {hours:02}h {minutes:02}m {seconds:02}s")
    } else if hours > 0 {
        format!("{hours}h {minutes:02}m {seconds:02}s")
    } else if minutes > 0 {
        format!("{minutes}m {seconds:02}s")
    } else {
        format!("{seconds}s")
    }
}

/// Seconds since 1970-01-01 00:00:00 UTC (Unix time, no leap seconds) as
/// `YYYY-MM-DD hh:mm:ss UTC`.
pub fn format_utc(unix_secs: u64) -> String {
    let (mut days, secs_of_day) = (unix_secs / SECS_PER_DAY, unix_secs % SECS_PER_DAY);

    // The leap pattern repeats every 400 years from any starting year, 1970
    // included, so whole cycles can be skipped without walking them.
    let mut year = 1970 + 400 * (days / DAYS_PER_400_YEARS);
    days %= DAYS_PER_400_YEARS;
    while days >= days_in_year(year) {
        days -= days_in_year(year);
        year += 1;
    }

    let february = if is_leap(year) { 29 } else { 28 };
    let month_lengths = [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut month = 1;
    for length in month_lengths {
        if days < length {
            break;
        }
        days -= length;
        month += 1;
    }
    let day = days + 1; // days is now 0-based within the month

    let (hour, minute, second) = (secs_of_day / 3600, secs_of_day / 60 % 60, secs_of_day % 60);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} UTC")
}

/// The Gregorian leap-year rule.
fn is_leap(year: u64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_year(year: u64) -> u64 {
    if is_leap(year) {
        366
    } else {
        365
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn uptime_shows_only_units_that_matter() {
        assert_eq!(format_uptime(secs(0)), "0s");
        assert_eq!(format_uptime(secs(5)), "5s");
        assert_eq!(format_uptime(secs(123)), "2m 03s");
        assert_eq!(format_uptime(secs(3600)), "1h 00m 00s");
        assert_eq!(format_uptime(secs(3723)), "1h 02m 03s");
    }

    #[test]
    fn uptime_past_a_day_counts_days() {
        assert_eq!(format_uptime(secs(86_399)), "23h 59m 59s");
        assert_eq!(format_uptime(secs(3 * 86_400 + 7)), "3d 00h 00m 07s");
    }

    #[test]
    fn uptime_drops_fractions_of_a_second() {
        assert_eq!(format_uptime(Duration::from_millis(59_999)), "59s");
    }

    #[test]
    fn utc_epoch_and_end_of_first_day() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_utc(86_399), "1970-01-01 23:59:59 UTC");
    }

    #[test]
    fn utc_agrees_with_known_dates() {
        // Checked against Python's datetime.
        assert_eq!(format_utc(1_700_000_000), "2023-11-14 22:13:20 UTC");
        assert_eq!(format_utc(253_402_300_799), "9999-12-31 23:59:59 UTC");
    }

    #[test]
    fn leap_day_exists_in_2000_and_2024() {
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(format_utc(1_709_251_199), "2024-02-29 23:59:59 UTC");
        assert_eq!(format_utc(1_709_251_200), "2024-03-01 00:00:00 UTC");
    }

    #[test]
    fn century_year_2100_has_no_leap_day() {
        assert_eq!(
            format_utc(4_107_542_400 - 86_400),
            "2100-02-28 00:00:00 UTC"
        );
        assert_eq!(format_utc(4_107_542_400), "2100-03-01 00:00:00 UTC");
    }

    #[test]
    fn leap_rule_follows_the_four_hundred_year_exceptions() {
        assert!(is_leap(2024) && is_leap(2000) && is_leap(2400));
        assert!(!is_leap(2023) && !is_leap(1900) && !is_leap(2100));
    }

    #[test]
    fn any_input_is_formatted_without_hanging() {
        // The 400-year skip keeps even absurd inputs to a short walk.
        assert!(format_utc(u64::MAX).ends_with(" UTC"));
    }
}
