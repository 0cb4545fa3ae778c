//! Security headers: a page's Content-Security-Policy allows only its own
//! scripts (by this response's nonce), nothing is framed, sniffed or sent
//! on as `Referer`, and a page that redirects answers with a redirect.

use crate::common::{backends, browser, spawn};

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn a_page_allows_only_scripts_that_carry_its_own_nonce() {
    for backend in backends() {
        let app = spawn(backend).await;
        let res = browser()
            .get(app.url("/sign-in"))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{backend:?}");
        let policy = header(&res, "content-security-policy");
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(policy.contains("object-src 'none'"), "{policy}");
        assert!(!policy.contains("'unsafe-eval'"), "{policy}");
        let scripts_rule = policy
            .split(';')
            .find(|d| d.trim_start().starts_with("script-src"))
            .unwrap_or_default();
        assert!(
            !scripts_rule.contains("'unsafe-inline'"),
            "no inline script without the nonce: {policy}"
        );
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce in the policy")
            .to_string();
        assert!(nonce.len() >= 16, "{nonce}");
        let html = res.text().await.unwrap();
        let scripts = html.matches("<script").count();
        assert!(scripts > 0, "the page has its hydration script");
        assert!(
            html.matches(&format!("nonce=\"{nonce}\"")).count() >= scripts,
            "every script carries this response's nonce: {html}"
        );
        // Another response, another nonce.
        let again = browser().get(app.url("/sign-in")).send().await.unwrap();
        assert!(!header(&again, "content-security-policy").contains(&nonce));
    }
}

#[tokio::test]
async fn no_response_may_be_framed_sniffed_or_leak_its_address() {
    for backend in backends() {
        let app = spawn(backend).await;
        for path in [
            "/sign-in",
            "/healthz",
            "/roles.csv",
            "/no-such-page",
            "/pkg/none.js",
        ] {
            let res = browser().get(app.url(path)).send().await.unwrap();
            assert_eq!(header(&res, "x-frame-options"), "DENY", "{path}");
            assert_eq!(header(&res, "x-content-type-options"), "nosniff", "{path}");
            assert_eq!(header(&res, "referrer-policy"), "same-origin", "{path}");
            assert!(
                header(&res, "content-security-policy").contains("frame-ancestors 'none'"),
                "{path}"
            );
            // Served over plain http in the tests: no HSTS.
            assert!(res.headers().get("strict-transport-security").is_none());
        }
        let csv = browser().get(app.url("/healthz")).send().await.unwrap();
        assert!(header(&csv, "content-security-policy").contains("default-src 'none'"));
    }
}

#[tokio::test]
async fn an_anonymous_visit_to_the_home_page_is_a_real_redirect() {
    for backend in backends() {
        let app = spawn(backend).await;
        let res = browser().get(app.url("/")).send().await.unwrap();
        let location = header(&res, "location");
        assert!(
            res.status().is_redirection(),
            "{backend:?} {}",
            res.status()
        );
        assert_eq!(location, "/sign-in", "{backend:?}");
    }
}
