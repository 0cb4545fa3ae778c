//! `/pkg`: the browser bundle, served like a production site. Each file is
//! compressed (brotli and gzip) once, in memory, right after start-up, not
//! per request; a file that changes on disk is read and compressed again
//! (its size or modification time tells). Every answer carries an `ETag`
//! of the content, so a browser that asks again gets a 304. Names that
//! carry their content hash (cargo-leptos `hash-files`) are `immutable`:
//! a returning browser does not ask at all. Any other name is `no-cache`,
//! so it is always checked (and usually answered 304).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Instant, SystemTime};

use axum::body::Body;
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, Version, header};
use axum::response::Response;
use bytes::Bytes;
use leptos::config::LeptosOptions;
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

/// A year: what browsers keep a content-hashed file for.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Any other name: kept, but checked with the server before each use.
const REVALIDATE: &str = "no-cache";
/// Brotli's best quality takes ~2.5 s a MiB; the release bundle (4.4 MB)
/// gets it, and gzip's best. Debug bundles (40+ MB, built without
/// optimisation, like this code in a debug server) get fast settings, so
/// that `cargo leptos end-to-end` waits a few seconds, not minutes.
const BEST_QUALITY_UP_TO: usize = 8 << 20;

/// Marks a response whose body this module encoded (or chose not to): the
/// page compression layer must leave it alone.
#[derive(Clone, Copy, Debug)]
pub struct Precompressed;

/// For the page compression layer: everything but `/pkg` answers.
pub fn not_precompressed(
    _: StatusCode,
    _: Version,
    _: &HeaderMap,
    extensions: &Extensions,
) -> bool {
    extensions.get::<Precompressed>().is_none()
}

/// The files of one `/pkg` directory.
pub struct Assets {
    dir: PathBuf,
    files: RwLock<HashMap<String, Arc<Asset>>>,
}

/// What tells that a file changed on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Self {
        Self {
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

struct Asset {
    stamp: Stamp,
    content_type: HeaderValue,
    immutable: bool,
    compressible: bool,
    /// The content's hash: the same on every server process.
    tag: String,
    identity: Bytes,
    /// `None` once known not to be worth it (not smaller, or not a text or
    /// WebAssembly file).
    gzip: OnceCell<Option<Bytes>>,
    br: OnceCell<Option<Bytes>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Coding {
    Br,
    Gzip,
    Identity,
}

impl Coding {
    fn suffix(self) -> &'static str {
        match self {
            Coding::Br => "-br",
            Coding::Gzip => "-gz",
            Coding::Identity => "",
        }
    }
}

impl Assets {
    /// The store for `dir`; compressing every file in it starts now, in
    /// the background (a request for a file not ready yet waits for it).
    pub fn start(dir: PathBuf) -> Arc<Self> {
        let assets = Arc::new(Self {
            dir,
            files: RwLock::new(HashMap::new()),
        });
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(assets.clone().compress_all());
        }
        assets
    }

    async fn compress_all(self: Arc<Self>) {
        let started = Instant::now();
        let dir = self.dir.clone();
        let Ok(mut names) = tokio::task::spawn_blocking(move || files_under(&dir)).await else {
            return;
        };
        // Small files first: the stylesheet and script are ready at once,
        // the WebAssembly (the long one) last.
        names.sort_by_key(|(_, len)| *len);
        let (mut raw, mut br, mut gzip) = (0, 0, 0);
        for (name, _) in &names {
            let Some(asset) = self.current(name).await else {
                continue;
            };
            let (b, g) = tokio::join!(asset.encoded(Coding::Br), asset.encoded(Coding::Gzip));
            raw += asset.identity.len();
            br += b.map_or(asset.identity.len(), |b| b.len());
            gzip += g.map_or(asset.identity.len(), |g| g.len());
        }
        tracing::info!(
            dir = %self.dir.display(),
            files = names.len(),
            bytes = raw,
            brotli = br,
            gzip,
            ms = started.elapsed().as_millis() as u64,
            "compressed the browser bundle"
        );
    }

    /// The file as it is on disk now: from memory when unchanged, read
    /// again when changed, `None` when there is no such file.
    async fn current(&self, name: &str) -> Option<Arc<Asset>> {
        let path = self.dir.join(name);
        let meta = tokio::fs::metadata(&path)
            .await
            .ok()
            .filter(|m| m.is_file());
        let Some(meta) = meta else {
            self.files
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(name);
            return None;
        };
        let stamp = Stamp::of(&meta);
        if let Some(known) = self.known(name, stamp) {
            return Some(known);
        }
        let owned = name.to_string();
        let read = tokio::task::spawn_blocking(move || Asset::read(&path, &owned));
        let asset = Arc::new(read.await.ok()?.ok()?);
        let mut files = self.files.write().unwrap_or_else(PoisonError::into_inner);
        // Another request may have read the same version meanwhile: keep
        // that one, so the file is compressed once.
        match files.get(name) {
            Some(known) if known.stamp == asset.stamp => Some(known.clone()),
            _ => {
                files.insert(name.to_string(), asset.clone());
                Some(asset)
            }
        }
    }

    fn known(&self, name: &str, stamp: Stamp) -> Option<Arc<Asset>> {
        let files = self.files.read().unwrap_or_else(PoisonError::into_inner);
        files.get(name).filter(|a| a.stamp == stamp).cloned()
    }

    /// The answer to a GET (or HEAD) of `/pkg/{name}`.
    pub async fn respond(&self, name: &str, request: &HeaderMap) -> Response {
        let asset = match is_safe(name) {
            true => self.current(name).await,
            false => None,
        };
        let Some(asset) = asset else {
            let mut response = Response::new(Body::from("Not found"));
            *response.status_mut() = StatusCode::NOT_FOUND;
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
            response.extensions_mut().insert(Precompressed);
            return response;
        };
        let (coding, body) = asset.best_for(&preferred(request)).await;
        let fresh = asset.matches(request);
        let mut response = match fresh {
            true => Response::new(Body::empty()),
            false => Response::new(Body::from(body.clone())),
        };
        let headers = response.headers_mut();
        if let Ok(etag) = HeaderValue::from_str(&format!("\"{}{}\"", asset.tag, coding.suffix())) {
            headers.insert(header::ETAG, etag);
        }
        let cache = if asset.immutable {
            IMMUTABLE
        } else {
            REVALIDATE
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if fresh {
            *response.status_mut() = StatusCode::NOT_MODIFIED;
        } else {
            headers.insert(header::CONTENT_TYPE, asset.content_type.clone());
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
            match coding {
                Coding::Br => {
                    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"))
                }
                Coding::Gzip => {
                    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"))
                }
                Coding::Identity => None,
            };
        }
        response.extensions_mut().insert(Precompressed);
        response
    }
}

impl Asset {
    fn read(path: &Path, name: &str) -> std::io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let stamp = Stamp::of(&file.metadata()?);
        let mut data = Vec::with_capacity(stamp.len as usize);
        std::io::Read::read_to_end(&mut &file, &mut data)?;
        let digest = Sha256::digest(&data);
        let tag = data_encoding::BASE64URL_NOPAD.encode(&digest[..16]);
        let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
        Ok(Self {
            // Measured while reading, so a write in between shows next time.
            stamp,
            content_type: HeaderValue::from_static(content_type(extension)),
            immutable: is_content_hashed(name),
            compressible: is_compressible(extension),
            tag,
            identity: Bytes::from(data),
            gzip: OnceCell::new(),
            br: OnceCell::new(),
        })
    }

    /// The content in `coding`, compressed on first use only; `None` when
    /// that coding is not worth it for this file.
    async fn encoded(&self, coding: Coding) -> Option<Bytes> {
        let cell = match coding {
            Coding::Br => &self.br,
            Coding::Gzip => &self.gzip,
            Coding::Identity => return Some(self.identity.clone()),
        };
        if !self.compressible {
            return None;
        }
        cell.get_or_init(|| {
            let data = self.identity.clone();
            async move {
                tokio::task::spawn_blocking(move || compress(coding, &data))
                    .await
                    .ok()
                    .flatten()
            }
        })
        .await
        .clone()
    }

    /// The best of the `wanted` codings that is ready. Nothing ready yet
    /// (just after start-up): gzip is waited for, as it takes a fraction of
    /// a second where brotli's best takes seconds; identity is the last
    /// resort.
    async fn best_for(&self, wanted: &[Coding]) -> (Coding, Bytes) {
        let mut pending = Vec::new();
        for &coding in wanted {
            match self.ready(coding) {
                Some(Some(body)) => return (coding, body),
                Some(None) => {}
                None => pending.push(coding),
            }
        }
        pending.sort_by_key(|c| *c != Coding::Gzip);
        for coding in pending {
            if let Some(body) = self.encoded(coding).await {
                return (coding, body);
            }
        }
        (Coding::Identity, self.identity.clone())
    }

    /// `None` while not compressed yet; `Some(None)` when not worth it.
    fn ready(&self, coding: Coding) -> Option<Option<Bytes>> {
        if !self.compressible {
            return Some(None);
        }
        match coding {
            Coding::Br => self.br.get().cloned(),
            Coding::Gzip => self.gzip.get().cloned(),
            Coding::Identity => Some(Some(self.identity.clone())),
        }
    }

    /// Whether the browser holds this content already (`If-None-Match`),
    /// in whichever coding it got it.
    fn matches(&self, request: &HeaderMap) -> bool {
        request
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|t| t.trim().trim_start_matches("W/").trim_matches('"'))
            .any(|t| {
                t == "*"
                    || [Coding::Identity, Coding::Br, Coding::Gzip]
                        .iter()
                        .any(|c| t.strip_suffix(c.suffix()) == Some(self.tag.as_str()))
            })
    }
}

fn compress(coding: Coding, data: &[u8]) -> Option<Bytes> {
    let big = data.len() > BEST_QUALITY_UP_TO;
    let out = match coding {
        Coding::Br => {
            let params = brotli::enc::BrotliEncoderParams {
                quality: if data.len() <= BEST_QUALITY_UP_TO {
                    11
                } else {
                    5
                },
                lgwin: 24,
                size_hint: data.len(),
                ..Default::default()
            };
            let mut out = Vec::new();
            brotli::BrotliCompress(&mut &data[..], &mut out, &params).ok()?;
            out
        }
        Coding::Gzip => {
            let level = match big {
                true => flate2::Compression::fast(),
                false => flate2::Compression::best(),
            };
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
            encoder.write_all(data).ok()?;
            encoder.finish().ok()?
        }
        Coding::Identity => return None,
    };
    (out.len() < data.len()).then(|| Bytes::from(out))
}

/// The codings the request accepts, best first (brotli before gzip when
/// the client likes both as much); identity is always the last resort.
fn preferred(request: &HeaderMap) -> Vec<Coding> {
    let (mut br, mut gzip, mut any) = (None, None, None);
    for item in request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
    {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match name.as_str() {
            "br" => br = Some(q),
            "gzip" | "x-gzip" => gzip = Some(q),
            "*" => any = Some(q),
            _ => {}
        }
    }
    let mut ranked = [
        (Coding::Br, br.or(any).unwrap_or(0.0)),
        (Coding::Gzip, gzip.or(any).unwrap_or(0.0)),
    ];
    // Stable: brotli stays first when the client likes both as much.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranked
        .into_iter()
        .filter(|(_, q)| *q > 0.0)
        .map(|(coding, _)| coding)
        .collect()
}

/// A plain relative path inside the directory: no `..`, no hidden files,
/// nothing a file system could read as something else.
fn is_safe(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        })
}

/// cargo-leptos names a hashed file `<stem>.<hash>.<ext>`, the hash being
/// 22 URL-safe base64 characters of its MD5 (underscores only: the
/// unhashed wasm-split placeholder).
fn is_content_hashed(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    let mut parts = file.rsplitn(3, '.');
    let (Some(_ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !stem.is_empty()
        && hash.len() == 22
        && hash
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && hash.chars().any(|c| c != '_')
}

fn is_compressible(extension: &str) -> bool {
    matches!(
        extension,
        "wasm" | "js" | "mjs" | "css" | "json" | "map" | "svg" | "txt" | "html" | "ts" | "xml"
    )
}

fn content_type(extension: &str) -> &'static str {
    match extension {
        "wasm" => "application/wasm",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "txt" | "ts" => "text/plain; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// Every file under `dir`, as a `/`-separated relative name, with its size.
fn files_under(dir: &Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, prefix)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            let Some(file_name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            let name = format!("{prefix}{file_name}");
            match entry.metadata() {
                Ok(m) if m.is_dir() => stack.push((entry.path(), format!("{name}/"))),
                Ok(m) if m.is_file() && is_safe(&name) => out.push((name, m.len())),
                _ => {}
            }
        }
    }
    out
}

/// Whether the pages should name the hashed files: cargo-leptos wrote
/// `hash.txt` next to this executable (where Leptos reads it on every
/// page) and the script it names is in the site. A `hash.txt` left over
/// from an older build with hashing would otherwise send every page to
/// files that are not there.
pub fn hashed_bundle_built(site_root: &str, pkg_dir: &str, output_name: &str) -> bool {
    let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
    else {
        return false;
    };
    let Ok(hashes) = std::fs::read_to_string(exe_dir.join("hash.txt")) else {
        return false;
    };
    let Some(js) = hashes.lines().find_map(|line| {
        let (kind, hash) = line.split_once(':')?;
        (kind.trim() == "js").then(|| hash.trim().to_string())
    }) else {
        return false;
    };
    Path::new(site_root)
        .join(pkg_dir)
        .join(format!("{output_name}.{js}.js"))
        .is_file()
}

/// Leptos options for this site, naming hashed files when they were built.
pub fn with_hashing(options: LeptosOptions) -> LeptosOptions {
    let hashed = hashed_bundle_built(
        &options.site_root,
        &options.site_pkg_dir,
        &options.output_name,
    );
    let mut options = options;
    options.hash_files = hashed;
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(value: &str) -> Vec<Coding> {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        preferred(&h)
    }

    #[test]
    fn the_client_s_preferences_choose_the_coding() {
        assert_eq!(
            accepting("gzip, deflate, br, zstd"),
            [Coding::Br, Coding::Gzip]
        );
        assert_eq!(accepting("gzip"), [Coding::Gzip]);
        assert_eq!(accepting("br;q=0, gzip"), [Coding::Gzip]);
        assert_eq!(accepting("gzip;q=1, br;q=0.5"), [Coding::Gzip, Coding::Br]);
        assert_eq!(accepting("*"), [Coding::Br, Coding::Gzip]);
        assert_eq!(accepting("identity"), []);
        assert!(preferred(&HeaderMap::new()).is_empty());
    }

    #[test]
    fn only_cargo_leptos_hashed_names_are_immutable() {
        assert!(is_content_hashed("imprimatur.AbCdEfGhIjKlMnOpQrSt-_.wasm"));
        assert!(!is_content_hashed("imprimatur.wasm"));
        assert!(!is_content_hashed("imprimatur.d.ts"));
        assert!(!is_content_hashed("__wasm_split.______________________.js"));
        assert!(!is_content_hashed(".AbCdEfGhIjKlMnOpQrSt-_.js"));
    }

    #[test]
    fn names_cannot_leave_the_directory() {
        assert!(is_safe("imprimatur.js"));
        assert!(is_safe("snippets/x-1/inline0.js"));
        for bad in [
            "",
            "../x",
            "a/../b",
            "a//b",
            ".env",
            "a\\b",
            "%2e%2e/x",
            "/etc/passwd",
        ] {
            assert!(!is_safe(bad), "{bad}");
        }
    }
}
