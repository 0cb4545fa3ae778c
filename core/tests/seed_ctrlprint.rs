//! CtrlPrint (seed 004): the task table, row by row, for all three roles,
//! plus the per-chapter permissions and the TrackChanges permission.
// On wasm32, `#[test]` is wasm-bindgen-test's, which clippy does not see as a test.
#![cfg_attr(
    target_arch = "wasm32",
    allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod world;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use imprimatur_core::*;
use world::*;

const SEED: &str = include_str!("seeds/ctrlprint.txt");
use Permission as P;

/// Each row of "Comparison of User Roles for CtrlPrint": the row as the seed
/// prints it, the catalogue permissions it stands for, and the marks for
/// Company Administrator, Project Administrator and User. (The seed's table
/// has 42 rows; the issue calls them "the 40 tasks".)
const ROWS: &[(&str, &[Permission], [bool; 3])] = &[
    (
        "Access documents and edit them | X | X | X |",
        &[P::DocumentsAccessEdit],
        [true, true, true],
    ),
    (
        "Access PDFs (individual chapters and combined) | X | X | X |",
        &[P::DocumentsAccessPdf],
        [true, true, true],
    ),
    (
        "Change own information and password | X | X | X |",
        &[P::ProfileEditOwn],
        [true, true, true],
    ),
    (
        "Add comments | X | X | X |",
        &[P::CommentsAdd],
        [true, true, true],
    ),
    (
        "Add version comments | X | X | X |",
        &[P::CommentsAddVersion],
        [true, true, true],
    ),
    (
        "Change comment status | X | X | X |",
        &[P::CommentsChangeStatus],
        [true, true, true],
    ),
    (
        "Send email to other users | X | X | X |",
        &[P::EmailUsers],
        [true, true, true],
    ),
    (
        "Accept/reject TrackChanges (with permissions) | X | X | X |",
        &[P::TrackChangesAcceptReject],
        [true, true, true],
    ),
    (
        "Unlock a chapter that is locked by you | X | X | X |",
        &[P::ChapterUnlockOwn],
        [true, true, true],
    ),
    (
        "*Add a new document to the system | X | X | X |",
        &[P::DocumentsAdd],
        [true, true, true],
    ),
    (
        "View TrackChanges/ESEF settings | X | X | X |",
        &[P::SettingsViewTrackChangesEsef],
        [true, true, true],
    ),
    (
        "View a project's chapter access permissions | X | X | X |",
        &[P::ChapterAccessView],
        [true, true, true],
    ),
    (
        "Delete comments | X | X | |",
        &[P::CommentsDelete],
        [true, true, false],
    ),
    (
        "Send email to all users in a project | X | X | |",
        &[P::EmailProject],
        [true, true, false],
    ),
    (
        "Publish message for a project | X | X | |",
        &[P::ProjectPublishMessage],
        [true, true, false],
    ),
    (
        "Create chapters | X | X | |",
        &[P::ChaptersCreate],
        [true, true, false],
    ),
    (
        "Add users to a project | X | X | |",
        &[P::ProjectAddUsers],
        [true, true, false],
    ),
    (
        "Set user permissions for chapters | X | X | |",
        &[P::ChapterSetPermissions],
        [true, true, false],
    ),
    (
        "Delete chapter versions | X | X | |",
        &[P::ChapterDeleteVersions],
        [true, true, false],
    ),
    (
        "Delete chapters | X | X | |",
        &[P::ChaptersDelete],
        [true, true, false],
    ),
    (
        "Inactivate/activate chapters | X | X | |",
        &[P::ChaptersToggleActive],
        [true, true, false],
    ),
    (
        "Add PDF profiles | X | X | |",
        &[P::PdfProfilesAdd],
        [true, true, false],
    ),
    (
        "Set permissions for accepting/rejecting TrackChanges | X | X | |",
        &[P::TrackChangesSetPermissions],
        [true, true, false],
    ),
    (
        "Change settings for ESEF projects | X | X | |",
        &[P::EsefChangeSettings],
        [true, true, false],
    ),
    (
        "Unlock a chapter that is locked by another user | X | X | |",
        &[P::ChapterUnlockOthers],
        [true, true, false],
    ),
    (
        "Change a chapter's name and order | X | X | |",
        &[P::ChapterRenameReorder],
        [true, true, false],
    ),
    (
        "Change a project's name | X | X | |",
        &[P::ProjectRename],
        [true, true, false],
    ),
    (
        "Set a chapter's status as done | X | X | |",
        &[P::ChapterSetDone],
        [true, true, false],
    ),
    (
        "Activate TrackChanges, Review, WordExport, Tagger, Integrate | X | X | |",
        &[P::ProjectActivateFeatures],
        [true, true, false],
    ),
    (
        "View chapter logs | X | X | |",
        &[P::ChapterViewLogs],
        [true, true, false],
    ),
    (
        "Publish message for whole company | X | ||",
        &[P::CompanyPublishMessage],
        [true, false, false],
    ),
    (
        "Create/delete projects | X | ||",
        &[P::ProjectsCreateDelete],
        [true, false, false],
    ),
    (
        "Duplicate projects | X | ||",
        &[P::ProjectsDuplicate],
        [true, false, false],
    ),
    (
        "Inactivate/activate projects | X | ||",
        &[P::ProjectsToggleActive],
        [true, false, false],
    ),
    (
        "Change the order of projects | X | ||",
        &[P::ProjectsReorder],
        [true, false, false],
    ),
    (
        "Activate 2FA and SSO | X | ||",
        &[P::Security2faSso],
        [true, false, false],
    ),
    (
        "Resend a user their credentials | X | ||",
        &[P::UsersResendCredentials],
        [true, false, false],
    ),
    (
        "Reset a user's 2FA token | X | ||",
        &[P::UsersReset2fa],
        [true, false, false],
    ),
    (
        "Create/delete user accounts | X | ||",
        &[P::UsersCreate, P::UsersDelete],
        [true, false, false],
    ),
    (
        "Inactivate/activate a company | X | ||",
        &[P::CompanyToggleActive],
        [true, false, false],
    ),
    (
        "Send email to whole company | X | ||",
        &[P::CompanyEmailAll],
        [true, false, false],
    ),
    (
        "Assign roles to users | X |",
        &[P::RolesAssign],
        [true, false, false],
    ),
];

/// The three roles, each as the seed means it: the Company Administrator of
/// ACME, the Project Administrator of the Annual Report, and a User who was
/// given InDesign on its Intro chapter and the TrackChanges permission.
fn roles() -> [UserPrincipal; 3] {
    let mut user = person(Role::DocumentsUser, Scope::Company(ACME));
    user.chapter_grants.push(ChapterGrant {
        project: ANNUAL_REPORT,
        chapter: INTRO,
        level: ChapterLevel::InDesign,
    });
    user.track_changes_projects.push(ANNUAL_REPORT);
    [
        person(Role::CompanyAdministrator, Scope::Company(ACME)),
        person(
            Role::ProjectAdministrator,
            Scope::Project(ACME, ANNUAL_REPORT),
        ),
        user,
    ]
}

#[test]
fn every_row_of_the_task_table_holds_for_every_role() {
    assert_eq!(ROWS.len(), 42);
    let names = ["Company Administrator", "Project Administrator", "User"];
    for (line, permissions, marks) in ROWS {
        cite(SEED, line);
        for (i, who) in roles().iter().enumerate() {
            for p in *permissions {
                let r = mine(*p, ACME);
                assert_eq!(
                    may(who, *p, &r),
                    marks[i],
                    "{} / {line}: {}",
                    names[i],
                    p.slug()
                );
            }
        }
    }
}

#[test]
fn company_administrators_cannot_administer_other_companies() {
    cite(
        SEED,
        "Company Administrators cannot access or administer anything other than the companies to which they are assigned",
    );
    let admin = person(Role::CompanyAdministrator, Scope::Company(ACME));
    for (_, permissions, _) in ROWS {
        for p in *permissions {
            if p.resource_kind() != ResourceKind::Account {
                assert!(!may(&admin, *p, &mine(*p, GLOBEX)), "{}", p.slug());
            }
        }
    }
}

#[test]
fn an_administrator_in_one_company_is_a_regular_user_in_another() {
    cite(
        SEED,
        "a user who has been set up with the role can be an Administrator in one company but a regular user in another",
    );
    let someone = person(Role::CompanyAdministrator, Scope::Company(ACME))
        .with(Role::DocumentsUser, Scope::Company(GLOBEX));
    assert!(may(
        &someone,
        P::ProjectsCreateDelete,
        &mine(P::ProjectsCreateDelete, ACME)
    ));
    assert!(!may(
        &someone,
        P::ProjectsCreateDelete,
        &mine(P::ProjectsCreateDelete, GLOBEX)
    ));
}

#[test]
fn project_administrators_administer_only_their_projects() {
    cite(
        SEED,
        "Project Administrators have the right to manage specific projects for which they are Administrators",
    );
    let pa = person(
        Role::ProjectAdministrator,
        Scope::Project(ACME, ANNUAL_REPORT),
    );
    let other = Resource::in_company(ResourceKind::Project, ACME).with_project(BROCHURE);
    assert!(may(&pa, P::ChaptersCreate, &mine(P::ChaptersCreate, ACME)));
    assert!(!may(&pa, P::ChaptersCreate, &other));
}

#[test]
fn a_project_administrator_can_never_be_made_company_administrator_at_its_project() {
    cite(
        SEED,
        "a user with the Project Administrator role can never become an Administrator of the entire company",
    );
    let admin = principal(person(Role::Admin, Scope::Platform));
    let target = company_target(Family::Storefront);
    let d = may_assign(
        &admin,
        Role::ProjectAdministrator.into(),
        None,
        Scope::Company(ACME),
        &target,
    );
    assert_eq!(d, Decision::Deny(Denied::WrongScope));
    assert!(
        may_assign(
            &admin,
            Role::ProjectAdministrator.into(),
            None,
            Scope::Project(ACME, ANNUAL_REPORT),
            &target
        )
        .is_allowed()
    );
}

fn user_with(level: ChapterLevel) -> UserPrincipal {
    let mut u = person(Role::DocumentsUser, Scope::Company(ACME));
    u.chapter_grants.push(ChapterGrant {
        project: ANNUAL_REPORT,
        chapter: INTRO,
        level,
    });
    u
}

#[test]
fn read_and_comment_allows_pdf_review_and_tagger_only() {
    cite(
        SEED,
        "A user with \"Read & Comment\" permission can only download the document as a PDF, use CtrlPrint Review and open a chapter in the CtrlPrint Tagger.",
    );
    let u = user_with(ChapterLevel::ReadComment);
    let ch = mine(P::DocumentsAccessPdf, ACME);
    assert!(may(&u, P::DocumentsAccessPdf, &ch));
    assert!(may(&u, P::DocumentsReview, &ch));
    assert!(!may(&u, P::DocumentsEditText, &ch));
    assert!(!may(&u, P::DocumentsEditDesign, &ch));
    assert!(!may(&u, P::DocumentsAdd, &ch));
}

#[test]
fn incopy_adds_text_changes_but_not_design() {
    cite(
        SEED,
        "A user with \"InCopy\" permissions can open a document for editing in InCopy to make text changes as well as access PDFs",
    );
    let u = user_with(ChapterLevel::InCopy);
    let ch = mine(P::DocumentsAccessPdf, ACME);
    assert!(may(&u, P::DocumentsEditText, &ch));
    assert!(may(&u, P::DocumentsAccessPdf, &ch));
    assert!(!may(&u, P::DocumentsEditDesign, &ch));
    assert!(!may(&u, P::DocumentsAdd, &ch));
}

#[test]
fn indesign_allows_uploads_and_design_changes() {
    cite(
        SEED,
        "A user with \"InDesign\" permission can upload documents in empty chapters and make design and text changes to the document.",
    );
    cite(
        SEED,
        "*You do not need to be an administrator to upload a new document to CtrlPrint - however you must have \"InDesign\" permissions for the chapters you intend to upload.",
    );
    let u = user_with(ChapterLevel::InDesign);
    let ch = mine(P::DocumentsAdd, ACME);
    assert!(may(&u, P::DocumentsAdd, &ch));
    assert!(may(&u, P::DocumentsEditDesign, &ch));
    assert!(may(&u, P::DocumentsEditText, &ch));
}

#[test]
fn a_user_sees_only_chapters_they_were_given() {
    cite(
        SEED,
        "they can only see the companies and projects they have been given access to",
    );
    let u = user_with(ChapterLevel::InDesign);
    let other =
        Resource::in_company(ResourceKind::Chapter, ACME).with_chapter(BROCHURE, BROCHURE_COVER);
    assert!(!may(&u, P::DocumentsAccessPdf, &other));
    let nothing = person(Role::DocumentsUser, Scope::Company(ACME));
    assert!(!may(
        &nothing,
        P::DocumentsAccessPdf,
        &mine(P::DocumentsAccessPdf, ACME)
    ));
    let projects = visibility(&principal(u), P::ChapterAccessView, ResourceKind::Project);
    assert!(
        projects.matches(
            &Resource::in_company(ResourceKind::Project, ACME).with_project(ANNUAL_REPORT)
        )
    );
    assert!(
        !projects
            .matches(&Resource::in_company(ResourceKind::Project, ACME).with_project(BROCHURE))
    );
}

#[test]
fn accepting_track_changes_needs_the_per_user_permission() {
    let without = user_with(ChapterLevel::InDesign);
    let mut with = without.clone();
    with.track_changes_projects.push(ANNUAL_REPORT);
    let ch = mine(P::TrackChangesAcceptReject, ACME);
    assert!(!may(&without, P::TrackChangesAcceptReject, &ch));
    assert!(may(&with, P::TrackChangesAcceptReject, &ch));
}
