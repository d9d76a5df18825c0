//! `!roll NdM`: dice notation, its bounds, and a small random generator.
//!
//! `NdM` means "throw N dice with M sides each", so `2d6` is two ordinary
//! dice. `dM` is short for `1dM`, and `D` works as well as `d`. The bounds
//! keep one request from costing the server or the room much:
//!
//! - 1 to [`MAX_DICE`] (100) dice, so the reply stays one readable line;
//! - [`MIN_SIDES`] (2) to [`MAX_SIDES`] (1000) sides, since a one-sided die
//!   is not random and a die with a million sides is not a die.
//!
//! A [`Roll`] can only be built through [`Roll::new`] or [`Roll::parse`],
//! which check the bounds, so [`Roll::throw`] can trust them.
//!
//! The randomness comes from [`SplitMix64`], a tiny generator that is good
//! enough for dice and easy to read: each step adds a fixed odd constant to
//! a counter and scrambles the counter with shifts and multiplies. The
//! caller seeds it (say, from the clock at startup), and the same seed
//! always gives the same rolls, which is what makes the tests possible.
//! It is not cryptographic: never use it for anything secret.
//!
//! ```
//! use chatbot::bot::dice::{Roll, SplitMix64};
//!
//! let mut rng = SplitMix64::new(42);
//! let throw = Roll::parse("3d6").unwrap().throw(&mut rng);
//! assert_eq!(throw.dice().len(), 3);
//! assert!((3..=18).contains(&throw.total()));
//! ```

use std::fmt;

use crate::bot::command::{number, Number};
use crate::command::ParseError;

/// The most dice one `!roll` may throw.
pub const MAX_DICE: u32 = 100;

/// The fewest sides a die may have.
pub const MIN_SIDES: u32 = 2;

/// The most sides a die may have.
pub const MAX_SIDES: u32 = 1000;

const USAGE: &str = "!roll NdM, e.g. !roll 2d6";

/// A checked request to throw `count` dice of `sides` sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roll {
    /// How many dice: 1 to [`MAX_DICE`], guaranteed by the constructors.
    count: u32,
    /// Sides per die: [`MIN_SIDES`] to [`MAX_SIDES`], likewise.
    sides: u32,
}

impl Roll {
    /// Builds a roll, refusing counts and sides outside the bounds.
    pub fn new(count: u64, sides: u64) -> Result<Roll, ParseError> {
        let check = |value: u64, what, min: u32, max: u32| {
            if (u64::from(min)..=u64::from(max)).contains(&value) {
                Ok(value as u32) // in range, so it fits
            } else {
                Err(ParseError::OutOfRange {
                    what,
                    min: min.into(),
                    max: max.into(),
                })
            }
        };
        Ok(Roll {
            count: check(count, "number of dice", 1, MAX_DICE)?,
            sides: check(sides, "sides per die", MIN_SIDES, MAX_SIDES)?,
        })
    }

    /// Parses `NdM` or `dM`, as typed after `!roll`.
    pub fn parse(spec: &str) -> Result<Roll, ParseError> {
        let usage = ParseError::Usage(USAGE);
        let (count, sides) = spec.split_once(['d', 'D']).ok_or(usage.clone())?;
        // Overflow counts as "too many", so the range check in `new` speaks.
        let value = |s| match number(s) {
            Number::Fits(v) => Ok(v),
            Number::TooBig => Ok(u64::MAX),
            Number::NotDigits => Err(usage.clone()),
        };
        let count = if count.is_empty() { 1 } else { value(count)? };
        Roll::new(count, value(sides)?)
    }

    /// How many dice this roll throws.
    pub fn count(self) -> u32 {
        self.count
    }

    /// How many sides each die has.
    pub fn sides(self) -> u32 {
        self.sides
    }

    /// Throws the dice.
    pub fn throw(self, rng: &mut SplitMix64) -> Throw {
        let dice = (0..self.count)
            .map(|_| 1 + rng.below(self.sides.into()) as u32)
            .collect();
        Throw { roll: self, dice }
    }
}

/// The outcome of [`Roll::throw`]. `Display` renders it for the bot's
/// reply: `2d6: 3 + 5 = 8`, or `1d20: 17` for a single die.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Throw {
    /// What was thrown.
    roll: Roll,
    /// One face per die, each in `1..=roll.sides`; `roll.count` of them.
    dice: Vec<u32>,
}

impl Throw {
    /// The face each die landed on, in throwing order.
    pub fn dice(&self) -> &[u32] {
        &self.dice
    }

    /// The sum of the faces.
    pub fn total(&self) -> u64 {
        self.dice.iter().map(|&d| u64::from(d)).sum()
    }
}

impl fmt::Display for Throw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}d{}: ", self.roll.count, self.roll.sides)?;
        if let [only] = self.dice[..] {
            return write!(f, "{only}");
        }
        let faces: Vec<String> = self.dice.iter().map(u32::to_string).collect();
        write!(f, "{} = {}", faces.join(" + "), self.total())
    }
}

/// The SplitMix64 generator: a 64-bit counter scrambled on the way out.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    /// The counter; advanced by a fixed odd step on every draw, so it
    /// visits all 2^64 values before repeating.
    state: u64,
}

impl SplitMix64 {
    /// A generator that will produce the sequence belonging to `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        // The step is 2^64 divided by the golden ratio, rounded to odd; the
        // two multipliers are the published SplitMix64 mixing constants.
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform value in `0..n`.
    ///
    /// `next_u64() % n` alone would favour small values whenever `n` does
    /// not divide 2^64, so draws from the uneven tail are thrown away and
    /// redrawn. For dice-sized `n` that almost never happens.
    ///
    /// # Panics
    ///
    /// If `n` is zero.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "below(0) has no values to choose from");
        // The largest multiple of n that fits; draws at or above it are the tail.
        let fair = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next_u64();
            if x < fair {
                return x % n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // First outputs for seed 0, as produced by the reference C code.
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(rng.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }

    #[test]
    fn same_seed_same_rolls() {
        let roll = Roll::parse("10d20").unwrap();
        let a = roll.throw(&mut SplitMix64::new(7));
        let b = roll.throw(&mut SplitMix64::new(7));
        assert_eq!(a, b);
    }

    #[test]
    fn below_stays_in_range_and_reaches_both_ends() {
        let mut rng = SplitMix64::new(1);
        let mut seen = [false; 6];
        for _ in 0..1000 {
            let v = rng.below(6);
            seen[v as usize] = true;
        }
        assert!(seen.iter().all(|&s| s), "{seen:?}");
        assert_eq!(rng.below(1), 0);
    }

    #[test]
    fn every_die_lands_between_one_and_sides() {
        let mut rng = SplitMix64::new(99);
        let throw = Roll::parse("100d2").unwrap().throw(&mut rng);
        assert_eq!(throw.dice().len(), 100);
        assert!(throw.dice().iter().all(|d| (1..=2).contains(d)));
        assert_eq!(
            throw.total(),
            throw.dice().iter().map(|&d| u64::from(d)).sum()
        );
    }

    #[test]
    fn parse_accepts_n_d_m_and_short_d_m() {
        assert_eq!(Roll::parse("2d6"), Roll::new(2, 6));
        assert_eq!(Roll::parse("3D10"), Roll::new(3, 10));
        assert_eq!(Roll::parse("d20"), Roll::new(1, 20));
        assert_eq!(Roll::parse("d20").unwrap().count(), 1);
    }

    #[test]
    fn parse_refuses_what_is_not_dice_notation() {
        for bad in ["", "6", "2x6", "2d", "-1d6", "2d6+1", "2 d6", "d", "2dd6"] {
            assert_eq!(Roll::parse(bad), Err(ParseError::Usage(USAGE)), "{bad:?}");
        }
    }

    #[test]
    fn dice_count_is_bounded_one_to_a_hundred() {
        assert!(Roll::parse("1d6").is_ok() && Roll::parse("100d6").is_ok());
        for bad in ["0d6", "101d6", "99999999999999999999999d6"] {
            assert_eq!(
                Roll::parse(bad).unwrap_err().to_string(),
                "number of dice must be between 1 and 100",
                "{bad}"
            );
        }
    }

    #[test]
    fn sides_are_bounded_two_to_a_thousand() {
        assert!(Roll::parse("1d2").is_ok() && Roll::parse("1d1000").is_ok());
        for bad in ["1d0", "1d1", "1d1001", "1d99999999999999999999999"] {
            assert_eq!(
                Roll::parse(bad).unwrap_err().to_string(),
                "sides per die must be between 2 and 1000",
                "{bad}"
            );
        }
    }

    #[test]
    fn throw_renders_faces_and_total() {
        let roll = Roll::new(2, 6).unwrap();
        let throw = Throw {
            roll,
            dice: vec![3, 5],
        };
        assert_eq!(throw.to_string(), "2d6: 3 + 5 = 8");
    }

    #[test]
    fn single_die_renders_without_a_sum() {
        let throw = Throw {
            roll: Roll::new(1, 20).unwrap(),
            dice: vec![17],
        };
        assert_eq!(throw.to_string(), "1d20: 17");
    }

    #[test]
    fn largest_roll_still_fits_in_one_modest_line() {
        let throw = Roll::new(100, 1000).unwrap().throw(&mut SplitMix64::new(3));
        assert!(throw.to_string().len() < 1024);
    }
}
