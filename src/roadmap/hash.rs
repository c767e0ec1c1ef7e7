//! XXH64, a fast non-cryptographic 64-bit hash (eight bytes a step, several GB/s):
//! the key of a cached roadmap's text and the checksum of a cache entry. One
//! definition, used by the library (`roadmap::cache`) and by `build.rs` (with
//! `#[path]`), so the hashes the build embeds are the ones the cache computes.

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

fn word(bytes: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(w)
}

fn half(bytes: &[u8]) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&bytes[..4]);
    u64::from(u32::from_le_bytes(w))
}

fn round(acc: u64, input: u64) -> u64 {
    acc.wrapping_add(input.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

fn merge(acc: u64, lane: u64) -> u64 {
    (acc ^ round(0, lane)).wrapping_mul(P1).wrapping_add(P4)
}

/// XXH64 of `bytes` with seed 0.
pub fn xxh64(bytes: &[u8]) -> u64 {
    let mut hasher = Xxh64::new();
    hasher.update(bytes);
    hasher.finish()
}

/// XXH64 (seed 0) over bytes given in pieces of any size: a file is hashed as it
/// is read, never held whole.
pub struct Xxh64 {
    lanes: [u64; 4],
    /// Bytes not yet taken in a 32-byte stripe (fewer than 32).
    pending: [u8; 32],
    pending_len: usize,
    total: u64,
}

impl Default for Xxh64 {
    fn default() -> Xxh64 {
        Xxh64::new()
    }
}

impl Xxh64 {
    pub fn new() -> Xxh64 {
        Xxh64 {
            lanes: [P1.wrapping_add(P2), P2, 0, 0u64.wrapping_sub(P1)],
            pending: [0; 32],
            pending_len: 0,
            total: 0,
        }
    }

    fn stripe(&mut self, stripe: &[u8]) {
        for (i, lane) in self.lanes.iter_mut().enumerate() {
            *lane = round(*lane, word(&stripe[i * 8..]));
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.total += bytes.len() as u64;
        let mut rest = bytes;
        if self.pending_len > 0 {
            let take = rest.len().min(32 - self.pending_len);
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(&rest[..take]);
            self.pending_len += take;
            rest = &rest[take..];
            if self.pending_len < 32 {
                return;
            }
            let stripe = self.pending;
            self.stripe(&stripe);
            self.pending_len = 0;
        }
        while rest.len() >= 32 {
            self.stripe(&rest[..32]);
            rest = &rest[32..];
        }
        self.pending[..rest.len()].copy_from_slice(rest);
        self.pending_len = rest.len();
    }

    pub fn finish(&self) -> u64 {
        let mut h = if self.total >= 32 {
            let v = self.lanes;
            let mut h = v[0]
                .rotate_left(1)
                .wrapping_add(v[1].rotate_left(7))
                .wrapping_add(v[2].rotate_left(12))
                .wrapping_add(v[3].rotate_left(18));
            for lane in v {
                h = merge(h, lane);
            }
            h
        } else {
            P5
        };
        h = h.wrapping_add(self.total);
        let mut rest = &self.pending[..self.pending_len];
        while rest.len() >= 8 {
            h = (h ^ round(0, word(rest)))
                .rotate_left(27)
                .wrapping_mul(P1)
                .wrapping_add(P4);
            rest = &rest[8..];
        }
        if rest.len() >= 4 {
            h = (h ^ half(rest).wrapping_mul(P1))
                .rotate_left(23)
                .wrapping_mul(P2)
                .wrapping_add(P3);
            rest = &rest[4..];
        }
        for &b in rest {
            h = (h ^ u64::from(b).wrapping_mul(P5))
                .rotate_left(11)
                .wrapping_mul(P1);
        }
        h ^= h >> 33;
        h = h.wrapping_mul(P2);
        h ^= h >> 29;
        h = h.wrapping_mul(P3);
        h ^ (h >> 32)
    }
}

#[cfg(test)]
mod tests {
    use super::{Xxh64, xxh64};

    #[test]
    fn matches_the_reference_vectors() {
        assert_eq!(xxh64(b""), 0xEF46_DB37_51D8_E999);
        assert_eq!(xxh64(b"a"), 0xD24E_C4F1_A98C_6E5B);
        assert_eq!(xxh64(b"abc"), 0x44BC_2CF5_AD77_0999);
        assert_eq!(
            xxh64(b"Nobody inspects the spammish repetition"),
            0xFBCE_A83C_8A37_8BF1
        );
    }

    #[test]
    fn pieces_of_any_size_hash_as_the_whole() {
        let text: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        for len in [0, 1, 5, 31, 32, 33, 64, 100, 999, 1000] {
            let whole = xxh64(&text[..len]);
            for piece in [1, 3, 8, 31, 32, 33, 64, 1000] {
                let mut hasher = Xxh64::new();
                for chunk in text[..len].chunks(piece) {
                    hasher.update(chunk);
                }
                assert_eq!(hasher.finish(), whole, "{len} bytes in pieces of {piece}");
            }
        }
    }
}
