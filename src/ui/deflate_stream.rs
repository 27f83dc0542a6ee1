//! Raw DEFLATE through the browser's `CompressionStream` and `DecompressionStream`
//! (`"deflate-raw"`), so the wasm carries no compressor of its own.

use js_sys::{Array, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// A `CompressionStream`: a transform stream (a `{ readable, writable }` pair).
    #[wasm_bindgen(js_name = CompressionStream)]
    type Compressor;
    #[wasm_bindgen(constructor, js_class = "CompressionStream", catch)]
    fn new(format: &str) -> Result<Compressor, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// A `DecompressionStream`: a transform stream.
    #[wasm_bindgen(js_name = DecompressionStream)]
    type Decompressor;
    #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
    fn new(format: &str) -> Result<Decompressor, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// A `Blob` of bytes, read as a stream.
    type Blob;
    #[wasm_bindgen(constructor, catch)]
    fn new(parts: &Array) -> Result<Blob, JsValue>;
    #[wasm_bindgen(method)]
    fn stream(this: &Blob) -> ReadableStream;

    /// A `ReadableStream` of bytes.
    type ReadableStream;
    #[wasm_bindgen(method, js_name = pipeThrough, catch)]
    fn pipe_through(this: &ReadableStream, transform: &JsValue) -> Result<ReadableStream, JsValue>;
    #[wasm_bindgen(method, js_name = getReader)]
    fn get_reader(this: &ReadableStream) -> Reader;

    /// A `ReadableStreamDefaultReader`.
    type Reader;
    #[wasm_bindgen(method)]
    fn read(this: &Reader) -> Promise;
    #[wasm_bindgen(method)]
    fn cancel(this: &Reader) -> Promise;
}

/// Why a stream did not give its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StreamError {
    /// The browser has no `"deflate-raw"` compression streams.
    Unsupported,
    /// The input is not raw DEFLATE (corrupt or truncated).
    Corrupt,
    /// The output grew past the limit.
    TooLarge,
}

/// The format of both streams: DEFLATE without a zlib or gzip wrapper.
const FORMAT: &str = "deflate-raw";

/// Compresses `bytes` as raw DEFLATE.
pub(crate) async fn deflate(bytes: &[u8]) -> Result<Vec<u8>, StreamError> {
    let transform = Compressor::new(FORMAT).map_err(|_| StreamError::Unsupported)?;
    pump(bytes, &transform, usize::MAX).await
}

/// Decompresses raw DEFLATE, stopping (and cancelling the stream) as soon as the output passes
/// `limit` bytes: a small bomb is refused without being expanded.
pub(crate) async fn inflate(bytes: &[u8], limit: usize) -> Result<Vec<u8>, StreamError> {
    let transform = Decompressor::new(FORMAT).map_err(|_| StreamError::Unsupported)?;
    pump(bytes, &transform, limit).await
}

/// Sends `bytes` through `transform` and reads its output chunk by chunk, up to `limit` bytes.
async fn pump(bytes: &[u8], transform: &JsValue, limit: usize) -> Result<Vec<u8>, StreamError> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let input = Blob::new(&parts).map_err(|_| StreamError::Unsupported)?;
    let reader = input
        .stream()
        .pipe_through(transform)
        .map_err(|_| StreamError::Unsupported)?
        .get_reader();
    let mut out = Vec::new();
    loop {
        let step = JsFuture::from(reader.read())
            .await
            .map_err(|_| StreamError::Corrupt)?;
        if Reflect::get(&step, &"done".into()).is_ok_and(|done| done.is_truthy()) {
            return Ok(out);
        }
        let chunk = Reflect::get(&step, &"value".into())
            .ok()
            .and_then(|value| value.dyn_into::<Uint8Array>().ok())
            .ok_or(StreamError::Corrupt)?;
        if out.len() + chunk.length() as usize > limit {
            // The result of the cancel does not matter: the stream is dropped either way.
            let _ = reader.cancel();
            return Err(StreamError::TooLarge);
        }
        let start = out.len();
        out.resize(start + chunk.length() as usize, 0);
        chunk.copy_to(&mut out[start..]);
    }
}
