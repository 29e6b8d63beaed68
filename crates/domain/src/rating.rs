//! The submitter's satisfaction rating, given when verifying a solution:
//! 1 to 5 stars, with an optional comment.

use crate::error::ValidationError;

/// The longest rating comment accepted, in characters.
pub const RATING_COMMENT_MAX_CHARS: usize = 2000;

/// A valid rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    /// 1 (poor) to 5 (excellent).
    pub stars: u8,
    /// What the submitter adds, if anything (blank counts as none).
    pub comment: Option<String>,
}

impl Rating {
    /// Checks `stars` (1 to 5, field `rating`) and `comment` (at most
    /// [`RATING_COMMENT_MAX_CHARS`], field `comment`).
    pub fn new(stars: i64, comment: Option<&str>) -> Result<Self, ValidationError> {
        let stars = u8::try_from(stars)
            .ok()
            .filter(|s| (1..=5).contains(s))
            .ok_or_else(|| ValidationError::new("rating", format!("the rating is 1 to 5, not {stars}")))?;
        let comment = comment.filter(|c| !c.trim().is_empty());
        if let Some(text) = comment {
            let chars = text.chars().count();
            if chars > RATING_COMMENT_MAX_CHARS {
                return Err(ValidationError::new(
                    "comment",
                    format!("the comment has {chars} characters; at most {RATING_COMMENT_MAX_CHARS} are allowed"),
                ));
            }
        }
        Ok(Self {
            stars,
            comment: comment.map(str::to_owned),
        })
    }

    /// Parses a rating typed in a form: `raw` must be a whole number 1 to 5.
    pub fn parse(raw: &str, comment: Option<&str>) -> Result<Self, ValidationError> {
        let stars = raw.trim().parse::<i64>().map_err(|_| {
            ValidationError::new("rating", format!("the rating is a number from 1 to 5, not \"{raw}\""))
        })?;
        Self::new(stars, comment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_one_to_five() {
        for stars in 1..=5 {
            assert_eq!(Rating::new(stars, None).unwrap().stars, u8::try_from(stars).unwrap());
        }
        for bad in [0, 6, -1, 256, i64::MAX] {
            assert_eq!(Rating::new(bad, None).unwrap_err().field, "rating", "{bad}");
        }
        assert_eq!(Rating::parse(" 4 ", None).unwrap().stars, 4);
        for bad in ["", "four", "4.5", "0", "6"] {
            assert_eq!(Rating::parse(bad, None).unwrap_err().field, "rating", "{bad:?}");
        }
    }

    #[test]
    fn the_comment_is_optional_and_bounded() {
        assert_eq!(Rating::new(3, Some("  ")).unwrap().comment, None);
        assert_eq!(
            Rating::new(3, Some("Thanks!")).unwrap().comment.as_deref(),
            Some("Thanks!")
        );
        let long = "é".repeat(RATING_COMMENT_MAX_CHARS);
        assert!(Rating::new(3, Some(&long)).is_ok());
        let longer = format!("{long}x");
        assert_eq!(Rating::new(3, Some(&longer)).unwrap_err().field, "comment");
    }
}
