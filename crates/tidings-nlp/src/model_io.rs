//! The binary model container: `magic (8) | kind (4) | format version (u32) | payload length
//! (u64) | payload checksum (u64, FNV-1a) | payload`, all little-endian.

use crate::util::hash_bytes;
use crate::NlpError;
use std::path::Path;

pub const MAGIC: &[u8; 8] = b"TIDNLP\x00\x01";
/// Bumped whenever the payload layout or the feature set changes.
pub const FORMAT_VERSION: u32 = 2;

/// Wraps a payload in the container.
pub fn seal(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 32);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(kind);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&hash_bytes(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Checks the container and returns the payload.
pub fn open<'a>(
    bytes: &'a [u8],
    kind: &[u8; 4],
    path: &Path,
    command: &'static str,
) -> Result<&'a [u8], NlpError> {
    let corrupt = |reason: String| NlpError::ModelCorrupt {
        path: path.to_path_buf(),
        reason,
        command,
    };
    if bytes.len() < 32 || &bytes[..8] != MAGIC {
        return Err(corrupt("not a Tidings model file (bad magic bytes)".into()));
    }
    if &bytes[8..12] != kind {
        return Err(corrupt(format!(
            "wrong model kind {:?}, expected {:?}",
            String::from_utf8_lossy(&bytes[8..12]),
            String::from_utf8_lossy(kind)
        )));
    }
    let version = u32::from_le_bytes(bytes[12..16].try_into().unwrap());
    if version != FORMAT_VERSION {
        return Err(NlpError::ModelVersion {
            path: path.to_path_buf(),
            found: version,
            expected: FORMAT_VERSION,
            command,
        });
    }
    let len = u64::from_le_bytes(bytes[16..24].try_into().unwrap()) as usize;
    let sum = u64::from_le_bytes(bytes[24..32].try_into().unwrap());
    let payload = &bytes[32..];
    if payload.len() != len {
        return Err(corrupt(format!(
            "truncated or padded: payload is {} bytes, header says {len}",
            payload.len()
        )));
    }
    if hash_bytes(payload) != sum {
        return Err(corrupt("checksum mismatch".into()));
    }
    Ok(payload)
}

/// Reads a model file, turning a missing file into [`NlpError::ModelMissing`].
pub fn read_file(path: &Path, command: &'static str) -> Result<Vec<u8>, NlpError> {
    std::fs::read(path).map_err(|e| NlpError::ModelMissing {
        path: path.to_path_buf(),
        reason: e.to_string(),
        command,
    })
}

/// Little-endian payload writer.
#[derive(Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn i16(&mut self, v: i16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    pub fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
    }
}

/// Little-endian payload reader; every read is bounds-checked.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

pub type ReadResult<T> = Result<T, String>;

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }
    pub fn take(&mut self, n: usize) -> ReadResult<&'a [u8]> {
        if self.buf.len() - self.pos < n {
            return Err(format!("payload ends early at byte {}", self.pos));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub fn u8(&mut self) -> ReadResult<u8> {
        Ok(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> ReadResult<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    pub fn u64(&mut self) -> ReadResult<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    pub fn f32(&mut self) -> ReadResult<f32> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    pub fn i16(&mut self) -> ReadResult<i16> {
        Ok(i16::from_le_bytes(self.take(2)?.try_into().unwrap()))
    }
    pub fn str(&mut self) -> ReadResult<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| "invalid UTF-8 string".into())
    }
    pub fn strs(&mut self) -> ReadResult<Vec<String>> {
        let n = self.u32()? as usize;
        if n > self.buf.len() {
            return Err("implausible list length".into());
        }
        (0..n).map(|_| self.str()).collect()
    }
    pub fn is_done(&self) -> bool {
        self.pos == self.buf.len()
    }
}
