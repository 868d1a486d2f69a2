//! The "Thời gian thực hiện" vocabulary: deadlines, starts, recurrences and periods.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::model::{PartialDate, Timeline, TimelineKind};

static TIMELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:
        (?P<deadline>trước\s+ngày\s+(?P<dd>\d{1,2})\s*/\s*(?P<dm>\d{1,2})\s*/\s*(?P<dy>\d{4}))
       |(?P<deadline_m>trước\s+tháng\s+(?P<mm>\d{1,2})\s*/\s*(?P<my>\d{4}))
       |(?P<deadline_y>trước\s+năm\s+(?P<yy>\d{4}))
       |(?P<annual>(?:hằng|hàng)\s+năm
            (?:\s*,?\s*(?:bắt\s+đầu\s+)?từ\s+
               (?:tháng\s+(?P<am>\d{1,2})\s*/\s*(?P<ay>\d{4})|năm\s+(?P<ayy>\d{4})))?)
       |(?P<from>từ\s+
            (?:ngày\s+(?P<fd>\d{1,2})\s*/\s*(?P<fdm>\d{1,2})\s*/\s*(?P<fdy>\d{4})
              |tháng\s+(?P<fm>\d{1,2})\s*/\s*(?P<fy>\d{4})
              |năm\s+(?P<fyy>\d{4}))
            (?:\s*(?:-|–|đến)\s*
               (?:tháng\s+(?P<tm>\d{1,2})\s*/\s*(?P<ty>\d{4})|(?:năm\s+)?(?P<tyy>\d{4})))?)
       |(?P<period>(?:giai\s+đoạn\s+)?(?P<ps>\d{4})\s*(?:-|–|đến)\s*(?:năm\s+)?(?P<pe>\d{4}))
       |(?P<ongoing>thường\s+xuyên|liên\s+tục|(?:hằng|hàng)\s+(?:tháng|quý))
       |(?P<month>(?:trong\s+)?tháng\s+(?P<om>\d{1,2})\s*/\s*(?P<oy>\d{4}))
       |(?P<quarter>(?:trong\s+)?quý\s+(?P<q>IV|III|II|I|[1-4])\s*/\s*(?P<qy>\d{4}))
       |(?P<year>(?:trong\s+)?năm\s+(?P<oyy>\d{4}))
     )(?:\s*\.)?",
    )
    .expect("timeline pattern")
});

/// A timeline read at the start of a text, and how many bytes of the text it takes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TimelineMatch {
    pub(crate) timeline: Timeline,
    pub(crate) len: usize,
    /// A date that does not exist ("31/2/2026"), kept out of the timeline.
    pub(crate) bad_date: Option<String>,
}

fn num<T: std::str::FromStr>(c: &Captures<'_>, name: &str) -> Option<T> {
    c.name(name).and_then(|m| m.as_str().parse().ok())
}

fn date(y: Option<i32>, m: Option<u8>, d: Option<u8>) -> Result<Option<PartialDate>, ()> {
    match (y, m, d) {
        (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
            Ok(Some(PartialDate::Date(y, m, d)))
        }
        (Some(y), Some(m), None) if (1..=12).contains(&m) => Ok(Some(PartialDate::YearMonth(y, m))),
        (Some(y), None, None) => Ok(Some(PartialDate::Year(y))),
        (None, None, None) => Ok(None),
        _ => Err(()),
    }
}

/// Reads a timeline at the start of `text`, if one starts there and ends at a word boundary.
pub(crate) fn match_timeline(text: &str) -> Option<TimelineMatch> {
    let c = TIMELINE.captures(text)?;
    let m = c.get(0)?;
    if text[m.end()..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let printed = m.as_str().trim().to_owned();
    let mut bad = false;
    let mut d = |y, mo, da| {
        date(y, mo, da).unwrap_or_else(|()| {
            bad = true;
            None
        })
    };
    let (kind, deadline, start, end) = if c.name("deadline").is_some() {
        let dl = d(num(&c, "dy"), num(&c, "dm"), num(&c, "dd"));
        (TimelineKind::Deadline, dl, None, None)
    } else if c.name("deadline_m").is_some() {
        let dl = d(num(&c, "my"), num(&c, "mm"), None);
        (TimelineKind::Deadline, dl, None, None)
    } else if c.name("deadline_y").is_some() {
        (
            TimelineKind::Deadline,
            d(num(&c, "yy"), None, None),
            None,
            None,
        )
    } else if c.name("annual").is_some() {
        let start = if c.name("ay").is_some() {
            d(num(&c, "ay"), num(&c, "am"), None)
        } else {
            d(num(&c, "ayy"), None, None)
        };
        (TimelineKind::Annual, None, start, None)
    } else if c.name("from").is_some() {
        let start = if c.name("fdy").is_some() {
            d(num(&c, "fdy"), num(&c, "fdm"), num(&c, "fd"))
        } else if c.name("fy").is_some() {
            d(num(&c, "fy"), num(&c, "fm"), None)
        } else {
            d(num(&c, "fyy"), None, None)
        };
        let end = if c.name("ty").is_some() {
            d(num(&c, "ty"), num(&c, "tm"), None)
        } else {
            d(num(&c, "tyy"), None, None)
        };
        let kind = if end.is_some() {
            TimelineKind::Period
        } else {
            TimelineKind::From
        };
        (kind, None, start, end)
    } else if c.name("period").is_some() {
        let s = d(num(&c, "ps"), None, None);
        let e = d(num(&c, "pe"), None, None);
        (TimelineKind::Period, None, s, e)
    } else if c.name("ongoing").is_some() {
        (TimelineKind::Ongoing, None, None, None)
    } else if c.name("month").is_some() {
        let dl = d(num(&c, "oy"), num(&c, "om"), None);
        (TimelineKind::Deadline, dl, None, None)
    } else if c.name("quarter").is_some() {
        let q = match c.name("q").map(|m| m.as_str().to_uppercase()).as_deref() {
            Some("I" | "1") => 3,
            Some("II" | "2") => 6,
            Some("III" | "3") => 9,
            _ => 12,
        };
        let dl = d(num(&c, "qy"), Some(q), None);
        (TimelineKind::Deadline, dl, None, None)
    } else {
        (
            TimelineKind::Deadline,
            d(num(&c, "oyy"), None, None),
            None,
            None,
        )
    };
    Some(TimelineMatch {
        bad_date: bad.then(|| printed.clone()),
        timeline: Timeline {
            kind,
            text: printed,
            deadline,
            start,
            end,
        },
        len: m.end(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tl(s: &str) -> Timeline {
        match_timeline(s).expect("a timeline").timeline
    }

    #[test]
    fn vocabulary() {
        let t = tl("Trước ngày 15/6/2026.");
        assert_eq!(t.kind, TimelineKind::Deadline);
        assert_eq!(t.text, "Trước ngày 15/6/2026.");
        assert_eq!(t.deadline, Some(PartialDate::Date(2026, 6, 15)));
        let t = tl("Từ tháng 3/2026");
        assert_eq!(
            (t.kind, t.start),
            (TimelineKind::From, Some(PartialDate::YearMonth(2026, 3)))
        );
        let t = tl("Hằng năm từ tháng 3/2026");
        assert_eq!(
            (t.kind, t.start),
            (TimelineKind::Annual, Some(PartialDate::YearMonth(2026, 3)))
        );
        let t = tl("Hàng năm");
        assert_eq!((t.kind, t.start), (TimelineKind::Annual, None));
        let t = tl("2026-2030");
        assert_eq!(t.kind, TimelineKind::Period);
        assert_eq!(t.start, Some(PartialDate::Year(2026)));
        assert_eq!(t.end, Some(PartialDate::Year(2030)));
        assert_eq!(tl("Thường xuyên").kind, TimelineKind::Ongoing);
        assert_eq!(
            tl("Quý II/2026").deadline,
            Some(PartialDate::YearMonth(2026, 6))
        );
    }

    #[test]
    fn timeline_followed_by_a_deliverable() {
        let m = match_timeline("Hằng năm Kế hoạch/Chương").expect("a timeline");
        assert_eq!(m.timeline.text, "Hằng năm");
        assert_eq!(&"Hằng năm Kế hoạch/Chương"[m.len..], " Kế hoạch/Chương");
    }

    #[test]
    fn not_a_timeline() {
        assert!(match_timeline("Thường trực Tỉnh ủy").is_none());
        assert!(match_timeline("Các văn bản").is_none());
        assert!(match_timeline("2026-20301").is_none());
    }
}
