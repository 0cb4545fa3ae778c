//! Documents server functions: public HTTP endpoints under `/api`. Each
//! authorizes on the server before it touches data; the UI hiding a button
//! protects nothing.

mod check_out_chapter;
mod create_chapter;
mod delete_chapter;
#[cfg(feature = "ssr")]
mod documents_checks;
mod list_chapters;
mod move_chapter;
mod my_projects;
mod rename_chapter;
mod set_chapter_active;
mod set_chapter_done;
mod set_chapter_level;
mod unlock_chapter;

pub use check_out_chapter::{CheckOutChapter, check_out_chapter};
pub use create_chapter::{CreateChapter, create_chapter};
pub use delete_chapter::{DeleteChapter, delete_chapter};
pub use list_chapters::{ListChapters, list_chapters};
pub use move_chapter::{MoveChapter, move_chapter};
pub use my_projects::{MyProjects, my_projects};
pub use rename_chapter::{RenameChapter, rename_chapter};
pub use set_chapter_active::{SetChapterActive, set_chapter_active};
pub use set_chapter_done::{SetChapterDone, set_chapter_done};
pub use set_chapter_level::{SetChapterLevel, set_chapter_level};
pub use unlock_chapter::{UnlockChapter, unlock_chapter};
