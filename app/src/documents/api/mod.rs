//! Documents server functions: public HTTP endpoints under `/api`. Each
//! authorizes on the server before it touches data; the UI hiding a button
//! protects nothing.

mod add_comment;
mod chapter_log;
mod check_out_chapter;
#[cfg(feature = "ssr")]
mod comment_checks;
mod create_chapter;
mod delete_chapter;
mod delete_comment;
mod delete_version;
#[cfg(feature = "ssr")]
mod documents_checks;
mod list_chapters;
mod list_comments;
mod list_versions;
mod move_chapter;
mod my_projects;
mod rename_chapter;
mod set_chapter_active;
mod set_chapter_done;
mod set_chapter_level;
mod set_comment_status;
mod unlock_chapter;

pub use add_comment::{AddComment, add_comment};
pub use chapter_log::{ChapterLogList, chapter_log};
pub use check_out_chapter::{CheckOutChapter, check_out_chapter};
pub use create_chapter::{CreateChapter, create_chapter};
pub use delete_chapter::{DeleteChapter, delete_chapter};
pub use delete_comment::{DeleteComment, delete_comment};
pub use delete_version::{DeleteVersion, delete_version};
pub use list_chapters::{ListChapters, list_chapters};
pub use list_comments::{ListComments, list_comments};
pub use list_versions::{ListVersions, list_versions};
pub use move_chapter::{MoveChapter, move_chapter};
pub use my_projects::{MyProjects, my_projects};
pub use rename_chapter::{RenameChapter, rename_chapter};
pub use set_chapter_active::{SetChapterActive, set_chapter_active};
pub use set_chapter_done::{SetChapterDone, set_chapter_done};
pub use set_chapter_level::{SetChapterLevel, set_chapter_level};
pub use set_comment_status::{SetCommentStatus, set_comment_status};
pub use unlock_chapter::{UnlockChapter, unlock_chapter};
