//! Cross-site request forgery against every registered server function, as
//! a signed-in Tenant Super Admin (the account a forged request would most
//! like to ride): a foreign Origin, a sibling site, no Origin at all, a
//! `text/plain` form (what a cross-site `<form>` can send without a
//! preflight) and a GET. Each is refused before the function runs and
//! changes nothing. On SQLite and PostgreSQL.

use crate::common::{TestApp, backends, spawn};
use crate::matrix::{GATES, Probe, World, world};

const REFUSED: &str = "did not come from the portal's own pages";

/// The function's usual arguments as a urlencoded body.
fn body_of(w: &World, probe: &Probe) -> (String, &'static str) {
    match probe {
        Probe::Form(fields) => {
            let filled: Vec<(&str, String)> = fields.iter().map(|(k, v)| (*k, w.fill(v))).collect();
            // reqwest's own encoder, as every other test's forms use.
            let req = reqwest::Client::new()
                .post("http://localhost/")
                .form(&filled)
                .build()
                .unwrap();
            let bytes = req.body().and_then(|b| b.as_bytes()).unwrap_or_default();
            (
                String::from_utf8_lossy(bytes).into_owned(),
                "application/x-www-form-urlencoded",
            )
        }
        Probe::Json(make) => (make(w).to_string(), "application/json"),
    }
}

/// The forged variants of one call: a name and the request.
fn forgeries(
    app: &TestApp,
    b: &reqwest::Client,
    path: &str,
    body: &str,
    kind: &str,
) -> Vec<(&'static str, reqwest::RequestBuilder)> {
    let post = || b.post(app.url(path)).body(body.to_string());
    vec![
        (
            "a foreign Origin",
            post()
                .header("origin", "http://evil.test")
                .header("content-type", kind),
        ),
        (
            "a cross-site fetch",
            post()
                .header("sec-fetch-site", "cross-site")
                .header("origin", &app.base)
                .header("content-type", kind),
        ),
        (
            "a sibling site",
            post()
                .header("sec-fetch-site", "same-site")
                .header("content-type", kind),
        ),
        ("no Origin at all", post().header("content-type", kind)),
        (
            "a null Origin (a sandboxed frame)",
            post().header("origin", "null").header("content-type", kind),
        ),
        (
            "a text/plain form",
            post()
                .header("origin", "http://evil.test")
                .header("content-type", "text/plain"),
        ),
    ]
}

#[tokio::test]
async fn every_forged_request_to_every_server_function_is_refused_and_changes_nothing() {
    for backend in backends() {
        let app = spawn(backend).await;
        let w = world(&app).await;
        let tina = app.signed_in_browser("tina@acme.test").await;
        let before = crate::snapshot::snapshot(&app).await;
        let mut tried = 0;
        for (path, _, probe) in GATES {
            let (body, kind) = body_of(&w, probe);
            for (how, req) in forgeries(&app, &tina, path, &body, kind) {
                let res = req.send().await.unwrap();
                let status = res.status().as_u16();
                let text = res.text().await.unwrap();
                assert_eq!(status, 403, "{backend:?} {path} with {how}: {text}");
                assert!(
                    text.contains(REFUSED),
                    "{backend:?} {path} with {how}: {text}"
                );
                tried += 1;
            }
            let get = tina
                .get(app.url(&format!("{path}?{body}")))
                .send()
                .await
                .unwrap();
            assert!(
                !get.status().is_success(),
                "{backend:?} GET {path}: {}",
                get.status()
            );
            tried += 1;
        }
        assert!(tried > 500, "{tried} forgeries");
        eprintln!(
            "{backend:?}: {tried} forged requests to {} server functions, all refused",
            GATES.len()
        );
        crate::snapshot::snapshot(&app)
            .await
            .assert_unchanged_since(&before, "forged requests");
        // Tina's own session is untouched by all of it.
        assert_eq!(
            app.json_from(&tina, "/api/current_user").await["email"],
            "tina@acme.test"
        );
    }
}
