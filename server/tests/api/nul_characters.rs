//! Text holding a NUL character, in a form or in JSON, is refused with
//! 422 before any server function reads or writes (PostgreSQL refuses it in
//! every text column: `make fuzz` found a search for "%00" answered 500 there).

use serde_json::json;

use crate::common::{backends, spawn};
use crate::snapshot::snapshot;

#[tokio::test]
async fn text_with_a_nul_character_is_refused_with_422_and_changes_nothing() {
    for backend in backends() {
        let app = spawn(backend).await;
        let tom = app.signed_in_browser("tom@acme.test").await;
        let acme = app.company_id("acme").await.to_string();
        let before = snapshot(&app).await;

        let search = app
            .post_as(&tom, "/api/list_members")
            .form(&[("search", "\0")])
            .send()
            .await
            .unwrap();
        assert_eq!(search.status(), 422, "{backend:?}");
        assert!(
            search.text().await.unwrap().contains("NUL character"),
            "{backend:?}"
        );
        assert_eq!(
            app.status_of(
                &tom,
                "/api/create_group",
                &[("company_id", acme.as_str()), ("name", "Help\0ers")]
            )
            .await,
            422,
            "{backend:?}"
        );
        let json = app
            .post_as(&tom, "/api/save_custom_role")
            .json(
                &json!({ "company_id": acme.parse::<i64>().unwrap(), "role": {
                "id": null, "name": "Viewer\u{0}", "family": "tenant", "grants": []
            } }),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(json.status(), 422, "{backend:?}");
        // The same calls without the NUL work, so the refusal was the NUL's.
        assert_eq!(
            app.status_of(&tom, "/api/list_members", &[("search", "tom")])
                .await,
            200,
            "{backend:?}"
        );
        // Refused before anything was touched: not even an audit record.
        let after = snapshot(&app).await;
        assert_eq!(after.diff(&before), None, "{backend:?}");
    }
}
