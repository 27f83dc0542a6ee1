//! Integers written as decimal text digit by digit, for the hot paths that write thousands of
//! numbers per keystroke (times, SVG coordinates): `format!` goes through the formatter's
//! padding machinery for each one.

/// Appends `value` as `format!("{value:0width$}")` does: zero-padded to `width` characters,
/// the sign included (`-001` for -1 in width 4).
pub fn push_zero_padded(out: &mut String, value: i64, width: usize) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = value.unsigned_abs();
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let sign = usize::from(value < 0);
    if value < 0 {
        out.push('-');
    }
    for _ in len + sign..width {
        out.push('0');
    }
    for digit in digits[..len].iter().rev() {
        out.push(char::from(*digit));
    }
}

#[cfg(test)]
mod tests {
    use super::push_zero_padded;

    #[test]
    fn pads_like_format() {
        for value in [0, 7, -7, 42, -42, 1234, -1234, 99_999, i64::MAX, i64::MIN] {
            for width in [0, 1, 2, 3, 4, 6] {
                let mut out = String::new();
                push_zero_padded(&mut out, value, width);
                assert_eq!(out, format!("{value:0width$}"), "{value} {width}");
            }
        }
    }
}
