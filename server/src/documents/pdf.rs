//! PDFs: a chapter PDF's page count, the combined PDF (chapter PDFs merged
//! in order) and small sample PDFs for the tests and the demo.
//!
//! Uploads are hostile input: every parse goes through [`load`], which
//! refuses what does not start like a PDF, refuses encrypted files, bounds
//! decompression (lopdf's 256 MiB a stream) and turns a panic inside the
//! parser into "not a PDF" instead of taking the worker down.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufWriter, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("The file is not a PDF.")]
    NotPdf,
    #[error("The PDF is encrypted: save it without a password and upload it again.")]
    Encrypted,
    #[error("The PDF has no pages.")]
    NoPages,
    #[error("The PDFs together have too many objects to merge.")]
    TooLarge,
    #[error("The combined PDF could not be written: {0}")]
    Write(#[from] std::io::Error),
}

/// How far into the file the `%PDF-` header may start (readers accept a
/// little junk in front of it).
const HEADER_WINDOW: usize = 1024;

/// A4 in points, for a page that (wrongly) names no media box anywhere.
const A4: [i64; 4] = [0, 0, 595, 842];

/// How many ancestors a page's inherited attributes are looked up in.
const INHERITANCE_DEPTH: usize = 256;

/// The number of pages in `bytes`; refuses what is not a readable,
/// unencrypted PDF with at least one page.
pub fn page_count(bytes: &[u8]) -> Result<u32, PdfError> {
    let doc = load(bytes)?;
    shielded(|| pages_of(&doc).map(|pages| pages.len()))?
        .and_then(|count| u32::try_from(count).map_err(|_| PdfError::TooLarge))
}

/// Writes `parts` one after the other as one PDF into `out` and returns its
/// page count. Each part's bytes are dropped as soon as it is parsed and
/// the result is written straight into `out` (buffered), never assembled
/// as a second copy in memory. Objects are renumbered part after part, each
/// page keeps its own resources (fonts, images) and the inherited
/// attributes of the page tree it came from; the page tree is built anew.
/// Catalog-level extras of the parts (outlines, forms, metadata) are left
/// out: only what the pages reach is written.
pub fn merge<W: Write>(parts: Vec<Vec<u8>>, out: W) -> Result<u32, PdfError> {
    let mut merged = Document::with_version("1.7");
    let pages_id: ObjectId = (1, 0);
    let catalog_id: ObjectId = (2, 0);
    let mut next: u32 = 3;
    let mut kids: Vec<Object> = Vec::new();

    for bytes in parts {
        let doc = load(&bytes)?;
        drop(bytes);
        shielded(|| move_pages(doc, &mut merged, pages_id, &mut next, &mut kids))??;
    }
    if kids.is_empty() {
        return Err(PdfError::NoPages);
    }
    let count = u32::try_from(kids.len()).map_err(|_| PdfError::TooLarge)?;

    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Kids", Object::Array(kids));
    tree.set("Count", Object::Integer(i64::from(count)));
    merged.objects.insert(pages_id, Object::Dictionary(tree));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    merged
        .objects
        .insert(catalog_id, Object::Dictionary(catalog));
    merged.trailer.set("Root", Object::Reference(catalog_id));
    merged.max_id = next - 1;

    let mut out = BufWriter::new(out);
    shielded(|| merged.save_to(&mut out))??;
    out.flush()?;
    Ok(count)
}

/// A real small PDF: `pages` A4 pages, each showing `title` and "Page i of
/// n" in Helvetica (a base-14 font, nothing embedded). Characters outside
/// Latin-1 show as "?". Written by hand, so it cannot fail.
pub fn sample(title: &str, pages: u32) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        Vec::new(), // the page tree, once the kids are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    let mut kids = Vec::new();
    let title = pdf_string(title);
    for page in 1..=pages {
        let content = format!(
            "BT /F1 28 Tf 72 760 Td {title} Tj 0 -40 Td /F1 14 Tf (Page {page} of {pages}) Tj ET"
        );
        let content_id = objects.len() + 1;
        let page_id = content_id + 1;
        objects.push(
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            )
            .into_bytes(),
        );
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                 /Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
            )
            .into_bytes(),
        );
        kids.push(format!("{page_id} 0 R"));
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {pages} >>",
        kids.join(" ")
    )
    .into_bytes();

    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// `text` as a PDF literal string in WinAnsi (Latin-1 here), escaped.
fn pdf_string(text: &str) -> String {
    let mut out = String::from("(");
    for c in text.chars() {
        let byte = u8::try_from(u32::from(c)).unwrap_or(b'?');
        match byte {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(char::from(byte));
            }
            0x20..=0x7e => out.push(char::from(byte)),
            _ => out.push_str(&format!("\\{byte:03o}")),
        }
    }
    out.push(')');
    out
}

/// Runs lopdf code; a panic inside it means the file is not a PDF we can
/// read (lopdf is hardened, but uploads are hostile).
fn shielded<T>(work: impl FnOnce() -> T) -> Result<T, PdfError> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|_| PdfError::NotPdf)
}

/// The most one compressed stream of an uploaded PDF may unpack to
/// (lopdf's default, 256 MiB, is per stream and unpacked eagerly at load).
const MAX_STREAM: usize = 16 * 1024 * 1024;

/// PDFs parsed at once in this process: each parse holds its file and the
/// parsed objects in memory, so uploads and combined PDFs queue here
/// instead of adding up.
static PARSING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Waits for a turn to parse; the turn lasts as long as the permit.
pub async fn parse_turn() -> Option<tokio::sync::SemaphorePermit<'static>> {
    PARSING.acquire().await.ok()
}

/// Parses `bytes`, refusing non-PDFs and encrypted PDFs.
fn load(bytes: &[u8]) -> Result<Document, PdfError> {
    let window = &bytes[..bytes.len().min(HEADER_WINDOW)];
    if !window.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM),
        ..LoadOptions::default()
    };
    let loaded = shielded(|| Document::load_mem_with_options(bytes, options))?;
    let doc = loaded.map_err(|error| match error {
        lopdf::Error::Decryption(_)
        | lopdf::Error::InvalidPassword
        | lopdf::Error::UnsupportedSecurityHandler(_)
        | lopdf::Error::AlreadyEncrypted => PdfError::Encrypted,
        _ => PdfError::NotPdf,
    })?;
    if doc.was_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(PdfError::Encrypted);
    }
    Ok(doc)
}

/// The document's pages in reading order; none is an error.
fn pages_of(doc: &Document) -> Result<Vec<ObjectId>, PdfError> {
    let pages: Vec<ObjectId> = doc.page_iter().collect();
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    Ok(pages)
}

/// Moves `doc`'s pages and everything they reach into `merged` under new
/// numbers from `next` on, appending the pages to `kids`.
fn move_pages(
    mut doc: Document,
    merged: &mut Document,
    pages_id: ObjectId,
    next: &mut u32,
    kids: &mut Vec<Object>,
) -> Result<(), PdfError> {
    let pages = pages_of(&doc)?;
    // Inherited attributes are copied into each page before the old page
    // tree is dropped.
    let mut own: BTreeMap<ObjectId, Dictionary> = BTreeMap::new();
    for &page in &pages {
        if let std::collections::btree_map::Entry::Vacant(entry) = own.entry(page) {
            entry.insert(with_inherited(&doc, page)?);
        }
    }
    // Only what the pages reach comes along (not the old catalog, page
    // tree nodes, outlines or object streams).
    let keep = reachable(&doc, &own);
    let mut numbers: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
    for &id in &keep {
        numbers.insert(id, (*next, 0));
        *next = next.checked_add(1).ok_or(PdfError::TooLarge)?;
    }
    for (old, new) in &numbers {
        let mut object = match own.remove(old) {
            Some(mut page) => {
                page.set("Parent", Object::Reference(pages_id));
                Object::Dictionary(page)
            }
            None => match doc.objects.remove(old) {
                Some(object) => object,
                None => continue,
            },
        };
        renumber(&mut object, &numbers);
        if let Object::Stream(stream) = &mut object {
            let length = i64::try_from(stream.content.len()).map_err(|_| PdfError::TooLarge)?;
            stream.dict.set("Length", Object::Integer(length));
        }
        merged.objects.insert(*new, object);
    }
    for page in pages {
        if let Some(&new) = numbers.get(&page) {
            kids.push(Object::Reference(new));
        }
    }
    Ok(())
}

/// `page`'s dictionary with MediaBox, CropBox, Resources and Rotate looked
/// up through its ancestors when it does not carry them itself.
fn with_inherited(doc: &Document, page: ObjectId) -> Result<Dictionary, PdfError> {
    let mut dict = doc
        .get_dictionary(page)
        .map_err(|_| PdfError::NotPdf)?
        .clone();
    for key in [&b"MediaBox"[..], b"CropBox", b"Resources", b"Rotate"] {
        if dict.has(key) {
            continue;
        }
        if let Some(value) = inherited(doc, page, key) {
            dict.set(key.to_vec(), value);
        } else if key == b"MediaBox" {
            dict.set(
                "MediaBox",
                Object::Array(A4.iter().map(|&n| Object::Integer(n)).collect()),
            );
        }
    }
    Ok(dict)
}

/// The nearest ancestor's value for `key`, if any (cycles and absurd depths
/// end the search).
fn inherited(doc: &Document, page: ObjectId, key: &[u8]) -> Option<Object> {
    let mut seen = BTreeSet::new();
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..INHERITANCE_DEPTH {
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        if !seen.insert(parent) {
            return None;
        }
        node = doc.get_dictionary(parent).ok()?;
        if let Ok(value) = node.get(key) {
            return Some(value.clone());
        }
    }
    None
}

/// Every object reachable from the pages, the pages included; page tree
/// nodes and catalogs are not followed (the new tree replaces them).
fn reachable(doc: &Document, pages: &BTreeMap<ObjectId, Dictionary>) -> BTreeSet<ObjectId> {
    let mut keep: BTreeSet<ObjectId> = pages.keys().copied().collect();
    let mut stack: Vec<&Object> = Vec::new();
    for page in pages.values() {
        stack.extend(
            page.iter()
                .filter(|(key, _)| key.as_slice() != b"Parent")
                .map(|(_, v)| v),
        );
    }
    while let Some(object) = stack.pop() {
        match object {
            Object::Reference(id) => {
                if keep.contains(id) {
                    continue;
                }
                let Ok(target) = doc.get_object(*id) else {
                    continue;
                };
                if is_tree_node(target) {
                    continue;
                }
                keep.insert(*id);
                stack.push(target);
            }
            Object::Array(items) => stack.extend(items.iter()),
            Object::Dictionary(dict) => stack.extend(dict.iter().map(|(_, v)| v)),
            Object::Stream(stream) => stack.extend(stream.dict.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    keep
}

/// A catalog or a page tree node (a page is kept; its parent is replaced).
fn is_tree_node(object: &Object) -> bool {
    let dict = match object {
        Object::Dictionary(dict) => dict,
        Object::Stream(stream) => &stream.dict,
        _ => return false,
    };
    matches!(dict.get_type(), Ok(b"Pages" | b"Catalog"))
}

/// Points every reference inside `object` at its new number; a reference
/// to something not moved (missing, or an old tree node) becomes null.
fn renumber(object: &mut Object, numbers: &BTreeMap<ObjectId, ObjectId>) {
    let mut stack: Vec<&mut Object> = vec![object];
    while let Some(object) = stack.pop() {
        match object {
            Object::Reference(id) => {
                let new = match numbers.get(id) {
                    Some(&new) => Object::Reference(new),
                    None => Object::Null,
                };
                *object = new;
            }
            Object::Array(items) => stack.extend(items.iter_mut()),
            Object::Dictionary(dict) => stack.extend(dict.iter_mut().map(|(_, v)| v)),
            Object::Stream(stream) => stack.extend(stream.dict.iter_mut().map(|(_, v)| v)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(bytes: &[u8], page: u32) -> String {
        let doc = Document::load_mem(bytes).unwrap();
        doc.extract_text(&[page]).unwrap()
    }

    #[test]
    fn a_sample_has_the_pages_asked_for() {
        for pages in [1, 2, 7] {
            assert_eq!(page_count(&sample("Chapter", pages)).unwrap(), pages);
        }
    }

    #[test]
    fn a_sample_shows_its_title_and_page_number_on_every_page() {
        let pdf = sample("Annual (Report) \\ Ümlaut", 3);
        for page in 1..=3 {
            let text = text_of(&pdf, page);
            assert!(text.contains("Annual (Report) \\ Ümlaut"), "{text}");
            assert!(text.contains(&format!("Page {page} of 3")), "{text}");
        }
    }

    #[test]
    fn merging_three_samples_gives_the_sum_of_their_pages_in_order() {
        let parts = vec![sample("One", 2), sample("Two", 1), sample("Three", 4)];
        let mut out = Vec::new();
        assert_eq!(merge(parts, &mut out).unwrap(), 7);
        assert_eq!(page_count(&out).unwrap(), 7);
        let expected = [
            ("One", 1, 2),
            ("One", 2, 2),
            ("Two", 1, 1),
            ("Three", 1, 4),
            ("Three", 2, 4),
            ("Three", 3, 4),
            ("Three", 4, 4),
        ];
        for (index, (title, page, of)) in expected.iter().enumerate() {
            let text = text_of(&out, u32::try_from(index).unwrap() + 1);
            assert!(text.contains(title), "page {}: {text}", index + 1);
            assert!(text.contains(&format!("Page {page} of {of}")), "{text}");
        }
    }

    #[test]
    fn a_merged_pdf_merges_again() {
        let mut first = Vec::new();
        merge(vec![sample("A", 2), sample("B", 3)], &mut first).unwrap();
        let mut second = Vec::new();
        assert_eq!(merge(vec![first, sample("C", 1)], &mut second).unwrap(), 6);
        assert_eq!(page_count(&second).unwrap(), 6);
        assert!(text_of(&second, 6).contains('C'));
    }

    #[test]
    fn inherited_resources_and_media_box_survive_the_merge() {
        // Resources and MediaBox only on the page tree node.
        let pdf = sample("Inherited", 1);
        let mut doc = Document::load_mem(&pdf).unwrap();
        let page = doc.page_iter().next().unwrap();
        let dict = doc.get_dictionary_mut(page).unwrap();
        let resources = dict.remove(b"Resources").unwrap();
        let media_box = dict.remove(b"MediaBox").unwrap();
        let tree = doc
            .catalog()
            .unwrap()
            .get(b"Pages")
            .unwrap()
            .as_reference()
            .unwrap();
        let tree = doc.get_dictionary_mut(tree).unwrap();
        tree.set("Resources", resources);
        tree.set("MediaBox", media_box);
        let mut moved = Vec::new();
        doc.save_to(&mut moved).unwrap();

        let mut out = Vec::new();
        assert_eq!(merge(vec![moved], &mut out).unwrap(), 1);
        let merged = Document::load_mem(&out).unwrap();
        let page = merged.page_iter().next().unwrap();
        let dict = merged.get_dictionary(page).unwrap();
        assert!(dict.has(b"Resources") && dict.has(b"MediaBox"));
        assert!(text_of(&out, 1).contains("Inherited"));
    }

    #[test]
    fn garbage_is_not_a_pdf() {
        for bytes in [
            &b""[..],
            b"hello",
            b"%PDF-",
            b"%PDF-1.7\n",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
            b"PK\x03\x04 a zip file",
        ] {
            let refused = page_count(bytes).unwrap_err();
            assert!(
                matches!(refused, PdfError::NotPdf | PdfError::NoPages),
                "{refused:?} for {bytes:?}"
            );
            assert!(merge(vec![bytes.to_vec()], Vec::new()).is_err());
        }
        assert_eq!(
            page_count(b"plain text").unwrap_err().to_string(),
            "The file is not a PDF."
        );
    }

    #[test]
    fn a_pdf_without_pages_is_refused() {
        let empty = sample("Empty", 0);
        assert!(matches!(page_count(&empty), Err(PdfError::NoPages)));
        assert!(matches!(
            merge(vec![empty], Vec::new()),
            Err(PdfError::NoPages)
        ));
        assert!(matches!(
            merge(Vec::new(), Vec::new()),
            Err(PdfError::NoPages)
        ));
    }

    #[test]
    fn an_encrypted_pdf_is_refused() {
        let mut doc = Document::load_mem(&sample("Secret", 1)).unwrap();
        doc.trailer.set(
            "ID",
            Object::Array(vec![
                Object::string_literal(b"0123456789abcdef".to_vec()),
                Object::string_literal(b"0123456789abcdef".to_vec()),
            ]),
        );
        let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password: "user",
            key_length: 128,
            permissions: lopdf::Permissions::all(),
        })
        .unwrap();
        doc.encrypt(&state).unwrap();
        let mut encrypted = Vec::new();
        doc.save_to(&mut encrypted).unwrap();
        assert!(matches!(page_count(&encrypted), Err(PdfError::Encrypted)));
        assert!(matches!(
            merge(vec![encrypted], Vec::new()),
            Err(PdfError::Encrypted)
        ));
    }

    #[test]
    fn truncated_and_damaged_pdfs_never_panic() {
        let mut whole = Vec::new();
        merge(vec![sample("Whole", 3), sample("Other", 2)], &mut whole).unwrap();
        for pdf in [sample("Fuzz", 3), whole] {
            let step = (pdf.len() / 97).max(1);
            for cut in (0..pdf.len()).step_by(step) {
                let _ = page_count(&pdf[..cut]);
                let _ = merge(vec![pdf[..cut].to_vec()], Vec::new());
            }
            // Flip bytes all over the file (a cheap deterministic generator).
            let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
            for _ in 0..300 {
                let mut damaged = pdf.clone();
                for _ in 0..8 {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    let at = usize::try_from(seed % damaged.len() as u64).unwrap();
                    damaged[at] = (seed >> 32) as u8;
                }
                if let Ok(pages) = page_count(&damaged) {
                    assert!(pages > 0);
                }
                let _ = merge(vec![damaged, sample("Good", 1)], Vec::new());
            }
        }
    }

    #[test]
    fn hostile_structures_are_refused_or_survive() {
        let nested = [
            b"%PDF-1.7\n1 0 obj ".as_slice(),
            &[b'['; 5000],
            b" endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        ]
        .concat();
        let cases: [&[u8]; 4] = [
            // A page tree that is its own kid.
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
            // A page whose parent chain loops.
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
            // Deeply nested arrays.
            &nested,
            // A stream claiming a huge length.
            b"%PDF-1.7\n1 0 obj << /Length 99999999999 >> stream\nabc\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        ];
        for bytes in cases {
            let _ = page_count(bytes);
            let mut out = Vec::new();
            if merge(vec![bytes.to_vec()], &mut out).is_ok() {
                assert!(page_count(&out).is_ok());
            }
        }
    }
}
