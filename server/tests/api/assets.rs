//! The browser bundle under `/pkg` is served compressed (brotli or gzip, as
//! the browser accepts, byte-exact once decompressed), with an ETag that
//! answers 304, and cached for good when its name carries its content hash.
//! Pages are compressed too. The tests build no bundle: they serve a
//! stand-in site of their own.

use std::io::Read;
use std::time::Duration;

use crate::common::{Backend, TestApp, browser, spawn_configured};

const HASHED_WASM: &str = "imprimatur.AbCdEfGhIjKlMnOpQrSt-_.wasm";
const HASHED_CSS: &str = "imprimatur.ZyXwVuTsRqPoNmLkJiHg12.css";

/// Compressible, but not trivially: text with numbers that keep changing.
fn contents(lines: usize) -> Vec<u8> {
    (0..lines)
        .map(|i| {
            format!("(func $f{i} (param i32) (result i32) local.get 0 i32.const {i} i32.add)\n")
        })
        .collect::<String>()
        .into_bytes()
}

struct Site {
    app: TestApp,
    dir: tempfile::TempDir,
    wasm: Vec<u8>,
}

async fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("site/pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let wasm = contents(5000);
    std::fs::write(pkg.join(HASHED_WASM), &wasm).unwrap();
    std::fs::write(pkg.join(HASHED_CSS), contents(50)).unwrap();
    std::fs::write(pkg.join("imprimatur.js"), contents(100)).unwrap();
    let root = dir.path().join("site").to_str().unwrap().to_string();
    let app = spawn_configured(Backend::Sqlite, false, &[("IMPRIMATUR_SITE_ROOT", &root)]).await;
    Site { app, dir, wasm }
}

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = browser().get(app.url(path));
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.send().await.unwrap()
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// Compression runs in the background from start-up (gzip is sent until
/// brotli is ready): wait for brotli.
async fn settled(app: &TestApp, path: &str) {
    for _ in 0..600 {
        let res = get(app, path, &[("accept-encoding", "br")]).await;
        if header(&res, "content-encoding") == "br" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{path} never came in brotli");
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[tokio::test]
async fn a_hashed_bundle_file_comes_in_brotli_and_is_kept_for_good() {
    let site = site().await;
    let path = format!("/pkg/{HASHED_WASM}");
    settled(&site.app, &path).await;
    let res = get(
        &site.app,
        &path,
        &[("accept-encoding", "gzip, deflate, br, zstd")],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "content-encoding"), "br");
    assert_eq!(header(&res, "content-type"), "application/wasm");
    assert_eq!(
        header(&res, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(
        header(&res, "vary")
            .to_ascii_lowercase()
            .contains("accept-encoding")
    );
    assert!(!header(&res, "etag").is_empty());
    // The security headers still apply.
    assert_eq!(header(&res, "x-content-type-options"), "nosniff");
    let body = res.bytes().await.unwrap();
    assert!(body.len() * 5 < site.wasm.len(), "{} bytes", body.len());
    assert_eq!(unbrotli(&body), site.wasm, "compressed once, byte-exact");
}

#[tokio::test]
async fn a_browser_without_brotli_gets_gzip_and_one_without_either_gets_the_file() {
    let site = site().await;
    let path = format!("/pkg/{HASHED_WASM}");
    let gz = get(&site.app, &path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(header(&gz, "content-encoding"), "gzip");
    let body = gz.bytes().await.unwrap();
    assert!(body.len() < site.wasm.len() / 3);
    assert_eq!(gunzip(&body), site.wasm);

    let refused = get(&site.app, &path, &[("accept-encoding", "br;q=0, gzip")]).await;
    assert_eq!(header(&refused, "content-encoding"), "gzip");

    let plain = get(&site.app, &path, &[]).await;
    assert_eq!(plain.status(), 200);
    assert_eq!(header(&plain, "content-encoding"), "");
    assert_eq!(
        header(&plain, "content-length"),
        site.wasm.len().to_string()
    );
    assert_eq!(plain.bytes().await.unwrap(), site.wasm);
}

#[tokio::test]
async fn a_returning_browser_gets_304_for_what_it_holds() {
    let site = site().await;
    let path = format!("/pkg/{HASHED_WASM}");
    settled(&site.app, &path).await;
    let first = get(&site.app, &path, &[("accept-encoding", "br")]).await;
    let etag = header(&first, "etag");
    let again = get(
        &site.app,
        &path,
        &[("accept-encoding", "br"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "etag"), etag);
    assert_eq!(
        header(&again, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(again.bytes().await.unwrap().is_empty());
    // The same content in another coding is the same file to the browser.
    let other = get(
        &site.app,
        &path,
        &[("accept-encoding", "gzip"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(other.status(), 304);
    // A tag of other content is not.
    let stale = get(&site.app, &path, &[("if-none-match", "\"something-else\"")]).await;
    assert_eq!(stale.status(), 200);
}

#[tokio::test]
async fn a_name_without_its_hash_is_checked_each_time_and_follows_the_file() {
    let site = site().await;
    settled(&site.app, "/pkg/imprimatur.js").await;
    let first = get(
        &site.app,
        "/pkg/imprimatur.js",
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(header(&first, "cache-control"), "no-cache");
    assert_eq!(
        header(&first, "content-type"),
        "text/javascript; charset=utf-8"
    );
    let etag = header(&first, "etag");
    assert_eq!(unbrotli(&first.bytes().await.unwrap()), contents(100));
    let unchanged = get(&site.app, "/pkg/imprimatur.js", &[("if-none-match", &etag)]).await;
    assert_eq!(unchanged.status(), 304);

    // A rebuild rewrites the file: the next request sees the new content.
    let newer = contents(120);
    std::fs::write(site.dir.path().join("site/pkg/imprimatur.js"), &newer).unwrap();
    let changed = get(
        &site.app,
        "/pkg/imprimatur.js",
        &[("accept-encoding", "gzip"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(changed.status(), 200);
    assert_ne!(header(&changed, "etag"), etag);
    assert_eq!(gunzip(&changed.bytes().await.unwrap()), newer);
}

#[tokio::test]
async fn only_files_inside_the_bundle_are_served() {
    let site = site().await;
    std::fs::write(site.dir.path().join("secret.txt"), "not in pkg").unwrap();
    for path in [
        "/pkg/none.js",
        "/pkg/../../secret.txt",
        "/pkg/%2e%2e/%2e%2e/secret.txt",
        "/pkg/..%2f..%2fsecret.txt",
        "/pkg/.hidden",
    ] {
        let res = get(&site.app, path, &[]).await;
        assert_ne!(res.status(), 200, "{path}");
        assert!(!res.text().await.unwrap().contains("not in pkg"), "{path}");
    }
}

#[tokio::test]
async fn pages_are_compressed_and_keep_their_security_policy() {
    let site = site().await;
    for (accept, coding) in [("br", "br"), ("gzip", "gzip")] {
        let res = get(&site.app, "/sign-in", &[("accept-encoding", accept)]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(header(&res, "content-encoding"), coding);
        assert!(header(&res, "content-security-policy").contains("'nonce-"));
        assert_eq!(header(&res, "x-frame-options"), "DENY");
        let body = res.bytes().await.unwrap();
        let html = match coding {
            "br" => unbrotli(&body),
            _ => gunzip(&body),
        };
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("</html>"), "{html}");
        // Without hash.txt next to the server, the plain names are linked.
        assert!(html.contains("/pkg/imprimatur.css"), "{html}");
    }
    let plain = get(&site.app, "/sign-in", &[]).await;
    assert_eq!(header(&plain, "content-encoding"), "");
    assert!(plain.text().await.unwrap().contains("</html>"));
}
