//! Small security helpers shared by every transport.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Compare a presented secret with the expected one in constant time. Both sides are hashed
/// first, so neither the content nor the length of the expected secret leaks through timing.
pub fn secret_eq(expected: &str, presented: &str) -> bool {
    let a = Sha256::digest(expected.as_bytes());
    let b = Sha256::digest(presented.as_bytes());
    a.ct_eq(&b).into()
}

/// Lower-case hex SHA-256 of `bytes` (archive checksums, stored token hashes).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A fresh random token: 32 bytes from the OS generator, hex-encoded.
pub fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_exactly() {
        assert!(secret_eq("demo-shared-secret", "demo-shared-secret"));
        assert!(!secret_eq("demo-shared-secret", "demo-shared-secreT"));
        assert!(!secret_eq("demo-shared-secret", ""));
        assert!(!secret_eq("", "x"));
    }

    #[test]
    fn tokens_are_random_and_long() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
    }
}
