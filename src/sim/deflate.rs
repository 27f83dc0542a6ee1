//! Raw DEFLATE (RFC 1951), the compression of share links.
//!
//! [`inflate`] reads every valid stream: stored, fixed-code and dynamic-code blocks, so links
//! made by earlier builds (which compressed with `miniz_oxide` at level 9) still open.
//! [`deflate`] writes one block with the fixed codes after a lazy LZ77 match search: a few
//! percent longer than a dynamic-code block on a playground state, for a small part of the code.
//! Own code because the crate cost about 15 KB of the gzipped wasm (its tables and its dynamic
//! Huffman builder) for the few kilobytes a link holds; the crate stays a native dev-dependency,
//! and property tests check that each side reads what the other writes.
//!
//! Decoding never panics: a truncated or corrupt stream, or one that would grow past the caller's
//! limit, is an [`InflateError`].

/// Smallest length of each length symbol 257..=285.
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
/// Extra bits after each length symbol.
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// Smallest distance of each distance symbol 0..=29.
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
/// Extra bits after each distance symbol.
const DISTANCE_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order in which a dynamic block lists the code lengths of its code-length code.
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];
/// Symbol 256 ends a block.
const END_OF_BLOCK: u16 = 256;
/// How far back a match may reach.
const WINDOW: usize = 32768;
/// The shortest and longest match a length symbol can say.
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;

/// Why a stream does not inflate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InflateError {
    /// The stream ends before its last block does.
    Truncated,
    /// A block header names block type 3, which does not exist.
    BadBlockType,
    /// A stored block's length and its complement disagree.
    BadStoredLength,
    /// A Huffman code is over-subscribed, or the data uses a code the block does not define.
    BadCode,
    /// A match reaches back before the start of the output.
    BadDistance,
    /// The output would be longer than the caller's limit.
    TooLarge,
}

impl std::fmt::Display for InflateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Truncated => "the compressed data ends too early",
            Self::BadBlockType => "the compressed data has an unknown block type",
            Self::BadStoredLength => "a stored block's length is damaged",
            Self::BadCode => "the compressed data uses an invalid Huffman code",
            Self::BadDistance => "the compressed data refers back before its start",
            Self::TooLarge => "the data is larger than allowed",
        })
    }
}

impl std::error::Error for InflateError {}

/// Decompresses a raw DEFLATE stream, refusing to produce more than `limit` bytes. Bytes after
/// the last block are ignored.
pub fn inflate(input: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let mut bits = BitReader {
        input,
        pos: 0,
        buffer: 0,
        count: 0,
    };
    let mut out = Output {
        bytes: Vec::new(),
        limit,
    };
    loop {
        let last = bits.take(1)? == 1;
        match bits.take(2)? {
            0 => stored_block(&mut bits, &mut out)?,
            1 => coded_block(
                &mut bits,
                &mut out,
                &fixed_literal_code(),
                &fixed_distance_code(),
            )?,
            2 => {
                let (literals, distances) = dynamic_codes(&mut bits)?;
                coded_block(&mut bits, &mut out, &literals, &distances)?
            }
            _ => return Err(InflateError::BadBlockType),
        }
        if last {
            return Ok(out.bytes);
        }
    }
}

/// Reads bits least significant first, a byte at a time.
struct BitReader<'a> {
    input: &'a [u8],
    pos: usize,
    buffer: u32,
    count: u32,
}

impl BitReader<'_> {
    /// The next `n` (at most 16) bits as a number, the first bit lowest.
    fn take(&mut self, n: u32) -> Result<u32, InflateError> {
        while self.count < n {
            let byte = *self.input.get(self.pos).ok_or(InflateError::Truncated)?;
            self.pos += 1;
            self.buffer |= u32::from(byte) << self.count;
            self.count += 8;
        }
        let value = self.buffer & ((1 << n) - 1);
        self.buffer >>= n;
        self.count -= n;
        Ok(value)
    }

    /// The next `n` whole bytes, after dropping the rest of the current byte.
    fn bytes(&mut self, n: usize) -> Result<&[u8], InflateError> {
        // `take` leaves fewer than 8 bits: they are the rest of the byte last read.
        self.buffer = 0;
        self.count = 0;
        let end = self.pos.checked_add(n).ok_or(InflateError::Truncated)?;
        let bytes = self
            .input
            .get(self.pos..end)
            .ok_or(InflateError::Truncated)?;
        self.pos = end;
        Ok(bytes)
    }
}

/// The output so far, with its limit.
struct Output {
    bytes: Vec<u8>,
    limit: usize,
}

impl Output {
    fn room_for(&self, n: usize) -> Result<(), InflateError> {
        if self.bytes.len() + n > self.limit {
            return Err(InflateError::TooLarge);
        }
        Ok(())
    }
}

/// A canonical Huffman code for decoding: how many codes have each length, and the symbols in
/// code order.
struct Code {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Code {
    /// The code with these lengths per symbol (0: the symbol is unused). Incomplete codes are
    /// accepted (reading an unassigned code is an error then); over-subscribed ones are not.
    fn new(lengths: &[u8]) -> Result<Code, InflateError> {
        let mut counts = [0u16; 16];
        for &length in lengths {
            counts[usize::from(length & 15)] += 1;
        }
        counts[0] = 0;
        let mut left: i32 = 1;
        for &count in &counts[1..] {
            left = left * 2 - i32::from(count);
            if left < 0 {
                return Err(InflateError::BadCode);
            }
        }
        let mut offsets = [0u16; 16];
        for length in 1..15 {
            offsets[length + 1] = offsets[length] + counts[length];
        }
        let mut symbols = vec![0u16; lengths.len()];
        for (symbol, &length) in (0u16..).zip(lengths) {
            if length != 0 {
                let slot = &mut offsets[usize::from(length & 15)];
                symbols[usize::from(*slot)] = symbol;
                *slot += 1;
            }
        }
        Ok(Code { counts, symbols })
    }

    /// Reads one symbol, a bit at a time (a link's state is a few kilobytes).
    fn read(&self, bits: &mut BitReader) -> Result<u16, InflateError> {
        // `code` is the bits read so far; `first` the first code of this length; `index` where
        // this length's symbols start.
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in &self.counts[1..] {
            code |= bits.take(1)? as i32;
            let count = i32::from(count);
            if code - first < count {
                let at = (index + code - first) as usize;
                return self.symbols.get(at).copied().ok_or(InflateError::BadCode);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(InflateError::BadCode)
    }
}

/// The fixed literal/length code lengths of RFC 1951 §3.2.6.
fn fixed_literal_lengths() -> [u8; 288] {
    let mut lengths = [8u8; 288];
    lengths[144..256].fill(9);
    lengths[256..280].fill(7);
    lengths
}

fn fixed_literal_code() -> Code {
    // Cannot fail: the fixed code is complete.
    Code::new(&fixed_literal_lengths()).unwrap_or(Code {
        counts: [0; 16],
        symbols: Vec::new(),
    })
}

/// All 32 five-bit codes: symbols 30 and 31 are read, then refused as distances.
fn fixed_distance_code() -> Code {
    Code::new(&[5; 32]).unwrap_or(Code {
        counts: [0; 16],
        symbols: Vec::new(),
    })
}

fn stored_block(bits: &mut BitReader, out: &mut Output) -> Result<(), InflateError> {
    let header = bits.bytes(4)?;
    let length = u16::from_le_bytes([header[0], header[1]]);
    let complement = u16::from_le_bytes([header[2], header[3]]);
    if length != !complement {
        return Err(InflateError::BadStoredLength);
    }
    let length = usize::from(length);
    out.room_for(length)?;
    let bytes = bits.bytes(length)?;
    out.bytes.extend_from_slice(bytes);
    Ok(())
}

/// Reads a dynamic block's header: its literal/length code and its distance code.
fn dynamic_codes(bits: &mut BitReader) -> Result<(Code, Code), InflateError> {
    let literal_count = bits.take(5)? as usize + 257;
    let distance_count = bits.take(5)? as usize + 1;
    let length_code_count = bits.take(4)? as usize + 4;
    if literal_count > 286 || distance_count > 30 {
        return Err(InflateError::BadCode);
    }
    let mut length_lengths = [0u8; 19];
    for &symbol in &CODE_LENGTH_ORDER[..length_code_count] {
        length_lengths[symbol] = bits.take(3)? as u8;
    }
    let length_code = Code::new(&length_lengths)?;
    let total = literal_count + distance_count;
    let mut lengths = [0u8; 286 + 30];
    let mut filled = 0;
    while filled < total {
        let symbol = length_code.read(bits)?;
        let (value, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => {
                let previous = *lengths[..filled].last().ok_or(InflateError::BadCode)?;
                (previous, 3 + bits.take(2)? as usize)
            }
            17 => (0, 3 + bits.take(3)? as usize),
            _ => (0, 11 + bits.take(7)? as usize),
        };
        let end = filled + repeat;
        if end > total {
            return Err(InflateError::BadCode);
        }
        lengths[filled..end].fill(value);
        filled = end;
    }
    if lengths[usize::from(END_OF_BLOCK)] == 0 {
        return Err(InflateError::BadCode);
    }
    Ok((
        Code::new(&lengths[..literal_count])?,
        Code::new(&lengths[literal_count..total])?,
    ))
}

/// Reads the symbols of a fixed or dynamic block up to its end-of-block symbol.
fn coded_block(
    bits: &mut BitReader,
    out: &mut Output,
    literals: &Code,
    distances: &Code,
) -> Result<(), InflateError> {
    loop {
        let symbol = literals.read(bits)?;
        if symbol < END_OF_BLOCK {
            out.room_for(1)?;
            out.bytes.push(symbol as u8);
            continue;
        }
        if symbol == END_OF_BLOCK {
            return Ok(());
        }
        let i = usize::from(symbol - 257);
        let (Some(&base), Some(&extra)) = (LENGTH_BASE.get(i), LENGTH_EXTRA.get(i)) else {
            return Err(InflateError::BadCode);
        };
        let length = usize::from(base) + bits.take(u32::from(extra))? as usize;
        let d = usize::from(distances.read(bits)?);
        let (Some(&base), Some(&extra)) = (DISTANCE_BASE.get(d), DISTANCE_EXTRA.get(d)) else {
            return Err(InflateError::BadDistance);
        };
        let distance = usize::from(base) + bits.take(u32::from(extra))? as usize;
        let Some(start) = out.bytes.len().checked_sub(distance) else {
            return Err(InflateError::BadDistance);
        };
        out.room_for(length)?;
        // Byte by byte: a match may overlap the bytes it produces.
        for at in start..start + length {
            let byte = out.bytes[at];
            out.bytes.push(byte);
        }
    }
}

/// Compresses `data` as one final raw DEFLATE block with the fixed codes.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut out = BitWriter {
        bytes: Vec::with_capacity(data.len() / 2 + 16),
        buffer: 0,
        count: 0,
    };
    // BFINAL = 1, BTYPE = 01 (fixed codes).
    out.put(0b011, 3);
    let mut matcher = Matcher::new(data);
    let mut pos = 0;
    while pos < data.len() {
        let found = matcher.longest_at(pos);
        // Lazy matching: a longer match one byte later wins over this one.
        if found.0 >= MIN_MATCH
            && (pos + 1 >= data.len() || matcher.longest_at(pos + 1).0 <= found.0)
        {
            let (length, distance) = found;
            put_length(&mut out, length);
            put_distance(&mut out, distance);
            pos += length;
        } else {
            put_literal(&mut out, u16::from(data[pos]));
            pos += 1;
        }
    }
    put_literal(&mut out, END_OF_BLOCK);
    out.finish()
}

/// Writes bits least significant first.
struct BitWriter {
    bytes: Vec<u8>,
    buffer: u32,
    count: u32,
}

impl BitWriter {
    /// Appends the low `n` bits of `value` (n ≤ 16).
    fn put(&mut self, value: u32, n: u32) {
        self.buffer |= value << self.count;
        self.count += n;
        while self.count >= 8 {
            self.bytes.push(self.buffer as u8);
            self.buffer >>= 8;
            self.count -= 8;
        }
    }

    /// Appends a Huffman code, which is written most significant bit first.
    fn put_code(&mut self, code: u32, length: u32) {
        self.put(code.reverse_bits() >> (32 - length), length);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.bytes.push(self.buffer as u8);
        }
        self.bytes
    }
}

/// Writes a literal/length symbol with the fixed code.
fn put_literal(out: &mut BitWriter, symbol: u16) {
    let symbol = u32::from(symbol);
    match symbol {
        0..=143 => out.put_code(0x30 + symbol, 8),
        144..=255 => out.put_code(0x190 + symbol - 144, 9),
        256..=279 => out.put_code(symbol - 256, 7),
        _ => out.put_code(0xC0 + symbol - 280, 8),
    }
}

/// The symbol index of `value` in a base table: the last base not above it.
fn symbol_of(bases: &[u16], value: usize) -> usize {
    bases
        .iter()
        .rposition(|&base| usize::from(base) <= value)
        .unwrap_or(0)
}

fn put_length(out: &mut BitWriter, length: usize) {
    let i = symbol_of(&LENGTH_BASE, length);
    put_literal(out, 257 + i as u16);
    out.put(
        (length - usize::from(LENGTH_BASE[i])) as u32,
        u32::from(LENGTH_EXTRA[i]),
    );
}

fn put_distance(out: &mut BitWriter, distance: usize) {
    let d = symbol_of(&DISTANCE_BASE, distance);
    out.put_code(d as u32, 5);
    out.put(
        (distance - usize::from(DISTANCE_BASE[d])) as u32,
        u32::from(DISTANCE_EXTRA[d]),
    );
}

/// Hash chains over the 3-byte prefixes seen so far.
struct Matcher<'a> {
    data: &'a [u8],
    /// The latest position of each prefix hash, plus one (0: none).
    head: Vec<u32>,
    /// For each position, the previous position with the same hash, plus one.
    previous: Vec<u32>,
    /// Positions below this are in the chains.
    inserted: usize,
}

const HASH_BITS: u32 = 12;
/// How many earlier positions a search looks at, at most.
const MAX_CHAIN: usize = 64;

impl<'a> Matcher<'a> {
    fn new(data: &'a [u8]) -> Self {
        Matcher {
            data,
            head: vec![0; 1 << HASH_BITS],
            previous: vec![0; data.len()],
            inserted: 0,
        }
    }

    fn hash(&self, pos: usize) -> usize {
        let d = self.data;
        let key = u32::from(d[pos]) << 16 | u32::from(d[pos + 1]) << 8 | u32::from(d[pos + 2]);
        (key.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
    }

    /// The longest earlier match (length, distance) of the bytes at `pos`, after putting every
    /// position before `pos` in the chains. The length is 0 when there is none of at least 3.
    fn longest_at(&mut self, pos: usize) -> (usize, usize) {
        if pos + MIN_MATCH > self.data.len() {
            return (0, 0);
        }
        while self.inserted < pos {
            let at = self.inserted;
            if at + MIN_MATCH <= self.data.len() {
                let h = self.hash(at);
                self.previous[at] = self.head[h];
                self.head[h] = at as u32 + 1;
            }
            self.inserted += 1;
        }
        let max = (self.data.len() - pos).min(MAX_MATCH);
        let mut best = (0, 0);
        let mut candidate = self.head[self.hash(pos)];
        for _ in 0..MAX_CHAIN {
            let Some(at) = (candidate as usize).checked_sub(1) else {
                break;
            };
            if pos - at > WINDOW {
                break;
            }
            // Only a candidate that matches one byte past the best so far can beat it.
            if best.0 > 0 && self.data.get(at + best.0) != self.data.get(pos + best.0) {
                candidate = self.previous[at];
                continue;
            }
            let length = self.data[at..]
                .iter()
                .zip(&self.data[pos..pos + max])
                .take_while(|(a, b)| a == b)
                .count();
            if length > best.0 {
                best = (length, pos - at);
                if length == max {
                    break;
                }
            }
            candidate = self.previous[at];
        }
        if best.0 < MIN_MATCH {
            (0, 0)
        } else {
            best
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LIMIT: usize = 1 << 20;

    /// Text with the repeats of a playground state: keys, ids and script lines.
    fn state_like() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            prop_oneof![
                Just(&b"\"InstanceId\":[\"i-bp1a0000000000000"[..]),
                Just(&b"echo hello\n"[..]),
                Just(&b"{{name}}"[..]),
                Just(&b"\xe4\xbd\xa0\xe5\xa5\xbd"[..]),
                Just(&b"a"[..]),
                Just(&b"0123456789"[..]),
            ],
            0..400,
        )
        .prop_map(|parts| parts.concat())
    }

    #[test]
    fn round_trips_edge_inputs() {
        let long_run = vec![b'x'; 100_000];
        let far_repeat: Vec<u8> = (0..70_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for data in [
            &b""[..],
            b"a",
            b"ab",
            b"abc",
            b"abcabcabc",
            &long_run,
            &far_repeat,
        ] {
            let packed = deflate(data);
            assert_eq!(
                inflate(&packed, LIMIT).as_deref(),
                Ok(data),
                "{} bytes",
                data.len()
            );
            assert_eq!(
                miniz_oxide::inflate::decompress_to_vec(&packed)
                    .ok()
                    .as_deref(),
                Some(data)
            );
        }
        assert!(
            deflate(&long_run).len() < long_run.len() / 100,
            "a run of one byte is a chain of longest matches"
        );
    }

    #[test]
    fn refuses_to_grow_past_the_limit() {
        let bomb = deflate(&vec![0u8; 10_000]);
        assert_eq!(inflate(&bomb, 9_999), Err(InflateError::TooLarge));
        assert_eq!(inflate(&bomb, 10_000).map(|v| v.len()), Ok(10_000));
        let stored = miniz_oxide::deflate::compress_to_vec(&[7u8; 300], 0);
        assert_eq!(inflate(&stored, 299), Err(InflateError::TooLarge));
    }

    #[test]
    fn names_each_kind_of_damage() {
        assert_eq!(inflate(&[], LIMIT), Err(InflateError::Truncated));
        // BFINAL = 1, BTYPE = 11.
        assert_eq!(inflate(&[0b111], LIMIT), Err(InflateError::BadBlockType));
        // A stored block whose length's complement is wrong.
        assert_eq!(
            inflate(&[1, 5, 0, 0, 0], LIMIT),
            Err(InflateError::BadStoredLength)
        );
        // A fixed block whose first symbol is a match: nothing to refer back to.
        let mut out = BitWriter {
            bytes: Vec::new(),
            buffer: 0,
            count: 0,
        };
        out.put(0b011, 3);
        put_length(&mut out, 3);
        put_distance(&mut out, 1);
        assert_eq!(
            inflate(&out.finish(), LIMIT),
            Err(InflateError::BadDistance)
        );
        // Distance symbol 30 does not exist.
        let mut out = BitWriter {
            bytes: Vec::new(),
            buffer: 0,
            count: 0,
        };
        out.put(0b011, 3);
        put_literal(&mut out, b'a'.into());
        put_literal(&mut out, 257);
        out.put_code(30, 5);
        assert_eq!(
            inflate(&out.finish(), LIMIT),
            Err(InflateError::BadDistance)
        );
        let good = deflate(b"hello hello hello");
        assert_eq!(
            inflate(&good[..good.len() - 1], LIMIT),
            Err(InflateError::Truncated)
        );
    }

    #[test]
    fn an_over_subscribed_code_is_refused() {
        assert!(matches!(Code::new(&[1, 1, 1]), Err(InflateError::BadCode)));
        assert!(Code::new(&[1, 2, 2]).is_ok());
        assert!(Code::new(&[1, 2]).is_ok(), "incomplete codes are read");
    }

    proptest! {
        #[test]
        fn round_trips_and_the_crate_reads_it(data in prop_oneof![state_like(), proptest::collection::vec(any::<u8>(), 0..2000)]) {
            let packed = deflate(&data);
            prop_assert_eq!(inflate(&packed, LIMIT), Ok(data.clone()));
            prop_assert_eq!(miniz_oxide::inflate::decompress_to_vec(&packed).ok(), Some(data));
        }

        #[test]
        fn reads_what_the_crate_writes_at_every_level(data in prop_oneof![state_like(), proptest::collection::vec(any::<u8>(), 0..2000)], level in 0u8..=10) {
            let packed = miniz_oxide::deflate::compress_to_vec(&data, level);
            prop_assert_eq!(inflate(&packed, LIMIT), Ok(data));
        }

        #[test]
        fn damaged_streams_never_panic_and_agree_with_the_crate(data in state_like(), at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
            let mut packed = miniz_oxide::deflate::compress_to_vec(&data, 9);
            if !packed.is_empty() {
                let i = at.index(packed.len());
                packed[i] ^= byte;
                packed.truncate(cut.index(packed.len()) + 1);
            }
            let ours = inflate(&packed, LIMIT);
            let theirs = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, LIMIT);
            if let (Ok(ours), Ok(theirs)) = (&ours, &theirs) {
                prop_assert_eq!(ours, theirs);
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = inflate(&bytes, 4096);
        }
    }
}
