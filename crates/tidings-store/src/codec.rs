//! Compact binary encodings for per-article BLOB columns.
//!
//! Spans are packed as little-endian `u32` pairs (`start`, `end`): 8 bytes a span, no
//! header, so `length(blob) / 8` in SQL counts them. The token layer has its own, denser
//! codec: [`crate::tokens`].

use tidings_doc::Span;

/// Packs spans as little-endian `u32` pairs.
pub fn encode_spans(spans: &[Span]) -> Vec<u8> {
    let mut out = Vec::with_capacity(spans.len() * 8);
    for span in spans {
        out.extend_from_slice(&span.start.to_le_bytes());
        out.extend_from_slice(&span.end.to_le_bytes());
    }
    out
}

/// Unpacks spans packed by [`encode_spans`]; `None` if the length is not a multiple of 8.
pub fn decode_spans(bytes: &[u8]) -> Option<Vec<Span>> {
    let chunks = bytes.chunks_exact(8);
    if !chunks.remainder().is_empty() {
        return None;
    }
    Some(
        chunks
            .map(|c| Span {
                start: u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                end: u32::from_le_bytes([c[4], c[5], c[6], c[7]]),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_round_trip() {
        let spans = vec![
            Span::new(0, 5),
            Span::new(7, 4096),
            Span::new(70_000, 70_001),
        ];
        let blob = encode_spans(&spans);
        assert_eq!(blob.len(), 24);
        assert_eq!(decode_spans(&blob), Some(spans));
        assert_eq!(decode_spans(&[]), Some(vec![]));
    }

    #[test]
    fn rejects_a_truncated_blob() {
        let blob = encode_spans(&[Span::new(1, 2)]);
        assert_eq!(decode_spans(&blob[..7]), None);
    }
}
