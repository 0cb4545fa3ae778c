//! Documents (CtrlPrint): the projects a person may open and a project's
//! chapters.

use crate::documents::pages::{
    access::ProjectAccessPage, chapter::ChapterPage, chapters::ProjectChaptersPage,
    projects::MyProjectsPage,
};

super::module_chunk!(documents_chunk, __preload_documents_chunk, DocumentsPages {
    MyProjectsRoute => MyProjectsPage,
    ProjectAccessRoute => ProjectAccessPage,
    ProjectChaptersRoute => ProjectChaptersPage,
    ChapterRoute => ChapterPage,
});
