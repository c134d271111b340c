//! Opening an input (file or stdin), gzip by magic bytes or `.gz` name, sniffing the kind of
//! stdin, reading a single-document item within the size limit, and dispatching to a reader.
//! This is the sequential half of reading; [`crate::convert`] is the other.

use crate::error::{ErrorKind, IngestError};
use crate::record::{Raw, Record, Stream};
use crate::{jsonl, warc, IngestOptions, Input, Kind};
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const BUF_SIZE: usize = 64 * 1024;

pub(crate) type Reader = Box<dyn BufRead + Send>;

/// An open input: its (decompressed) byte stream.
pub(crate) struct Opened {
    pub reader: Reader,
    /// Whether the stream goes through a gzip decoder (its errors are gzip errors).
    pub gzip: bool,
    /// The file size when it is a regular uncompressed file (checked against the limit
    /// before reading).
    pub size: Option<u64>,
    pub kind: Kind,
}

impl Opened {
    /// Maps an I/O error met while reading this stream.
    pub fn error(&self, err: io::Error) -> ErrorKind {
        if self.gzip {
            ErrorKind::from_gzip_io(err)
        } else {
            ErrorKind::from_io(err)
        }
    }
}

/// Reads up to `n` bytes, and gives them back with a reader that replays them first.
fn peek(mut reader: impl Read + Send + 'static, n: usize) -> io::Result<(Vec<u8>, Reader)> {
    let mut prefix = Vec::with_capacity(n);
    (&mut reader).take(n as u64).read_to_end(&mut prefix)?;
    let replay = Cursor::new(prefix.clone()).chain(reader);
    Ok((prefix, Box::new(BufReader::with_capacity(BUF_SIZE, replay))))
}

pub(crate) fn open(input: &Input) -> Result<Opened, ErrorKind> {
    let (raw, size): (Box<dyn Read + Send>, Option<u64>) = if input.is_stdin() {
        (Box::new(io::stdin()), None)
    } else {
        let file = File::open(&input.path).map_err(ErrorKind::from_io)?;
        let meta = file.metadata().map_err(ErrorKind::from_io)?;
        if meta.is_dir() {
            return Err(ErrorKind::IsADirectory);
        }
        (Box::new(file), meta.is_file().then_some(meta.len()))
    };
    let (magic, reader) = peek(raw, 2).map_err(ErrorKind::from_io)?;
    let named_gz = input
        .path
        .to_string_lossy()
        .to_ascii_lowercase()
        .ends_with(".gz");
    let gzip = magic == GZIP_MAGIC || (named_gz && !magic.is_empty());
    let (reader, size): (Reader, _) = if gzip {
        let decoder = MultiGzDecoder::new(reader);
        (Box::new(BufReader::with_capacity(BUF_SIZE, decoder)), None)
    } else {
        (reader, size)
    };
    let (reader, kind) = match input.kind {
        Some(kind) => (reader, kind),
        None => {
            let (head, reader) = peek(reader, 2048).map_err(|e| {
                if gzip {
                    ErrorKind::from_gzip_io(e)
                } else {
                    ErrorKind::from_io(e)
                }
            })?;
            (reader, sniff(&head))
        }
    };
    Ok(Opened {
        reader,
        gzip,
        size,
        kind,
    })
}

/// The kind of a stream from its first bytes (for stdin).
pub(crate) fn sniff(head: &[u8]) -> Kind {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    let lower: Vec<u8> = head.iter().take(2048).map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| memchr::memmem::find(&lower, needle).is_some();
    if head.starts_with(b"WARC/") {
        Kind::Warc
    } else if has(b"<timeml") {
        Kind::Timeml
    } else if head.starts_with(b"<") {
        Kind::Html
    } else if head.starts_with(b"{") {
        Kind::JsonLines
    } else if head.starts_with(b"[") {
        Kind::Json
    } else {
        Kind::Text
    }
}

/// Reads a whole single-document item, refusing it past the limit.
pub(crate) fn read_item(opened: &mut Opened, limit: u64) -> Result<Vec<u8>, ErrorKind> {
    if let Some(size) = opened.size {
        if size > limit {
            return Err(ErrorKind::TooLarge {
                size: Some(size),
                limit,
            });
        }
    }
    let mut bytes = Vec::with_capacity(opened.size.unwrap_or(0).min(limit) as usize);
    let result = (&mut opened.reader).take(limit + 1).read_to_end(&mut bytes);
    if let Err(err) = result {
        return Err(opened.error(err));
    }
    if bytes.len() as u64 > limit {
        return Err(ErrorKind::TooLarge { size: None, limit });
    }
    Ok(bytes)
}

/// Opens the input and sets up the record stream for its kind. A single-document file is
/// read whole here (within the size limit) and becomes one [`Record`].
pub(crate) fn start(input: Input, opts: &IngestOptions) -> Stream {
    let name = input.name();
    let fail = |kind: ErrorKind| Stream::One(Some(Err(IngestError::new(name.clone(), kind))));
    let mut opened = match open(&input) {
        Ok(opened) => opened,
        Err(kind) => return fail(kind),
    };
    match opened.kind {
        Kind::Warc => Stream::Warc(Box::new(warc::WarcReader::new(name, opened, opts.clone()))),
        Kind::JsonLines => Stream::Jsonl(Box::new(jsonl::JsonlReader::new(
            name,
            opened,
            opts.clone(),
        ))),
        kind => {
            let bytes = match read_item(&mut opened, opts.max_item_bytes) {
                Ok(bytes) => bytes,
                Err(kind) => return fail(kind),
            };
            let path = (!input.is_stdin()).then_some(input.path);
            let raw = match kind {
                Kind::Text => Raw::Text { path, bytes },
                Kind::Html => Raw::Html { path, bytes },
                Kind::Timeml => Raw::Timeml(bytes),
                Kind::Json => return Stream::Many(jsonl::read_document(&name, &bytes).into_iter()),
                Kind::Warc | Kind::JsonLines => unreachable!(),
            };
            Stream::One(Some(Ok(Record::new(name, None, raw))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_stdin() {
        assert_eq!(sniff(b"WARC/1.0\r\n"), Kind::Warc);
        assert_eq!(sniff(b"<?xml version=\"1.0\" ?>\n<TimeML>"), Kind::Timeml);
        assert_eq!(sniff(b"\xef\xbb\xbf  <!DOCTYPE html><html>"), Kind::Html);
        assert_eq!(sniff(b"{\"text\": \"x\"}\n"), Kind::JsonLines);
        assert_eq!(sniff(b"[{\"text\": \"x\"}]"), Kind::Json);
        assert_eq!(sniff(b"Headline\n\nBody"), Kind::Text);
        assert_eq!(sniff(b""), Kind::Text);
    }
}
