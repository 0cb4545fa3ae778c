//! The account lifecycle: one-time links, invitations, the mail outbox, the
//! audit trail, and where each session was opened from.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    ClientAddr,
    UserAgent,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    Email,
    UserId,
    Role,
    CompanyId,
    DepartmentId,
    InvitedBy,
    State,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    TokenHash,
    Purpose,
    Email,
    UserId,
    InvitationId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Id,
    Recipient,
    Subject,
    Body,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    At,
    Action,
    Outcome,
    ActorId,
    RealActorId,
    SubjectId,
    CompanyId,
    ClientAddr,
    Detail,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for col in [Sessions::ClientAddr, Sessions::UserAgent] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Sessions::Table)
                        .add_column(string_len_null(col, 200))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .col(big_pk_auto(Invitations::Id))
                    .col(string_len(Invitations::Email, 254))
                    .col(big_integer(Invitations::UserId))
                    // The role waits here until the person accepts.
                    .col(string_len(Invitations::Role, 64))
                    .col(big_integer(Invitations::CompanyId))
                    .col(big_integer_null(Invitations::DepartmentId))
                    .col(big_integer_null(Invitations::InvitedBy))
                    // pending, accepted or cancelled.
                    .col(string_len(Invitations::State, 16))
                    .col(timestamp_with_time_zone(Invitations::CreatedAt))
                    .col(timestamp_with_time_zone_null(Invitations::DecidedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Invitations::Table, Invitations::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Invitations::Table, Invitations::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_invitations_company_state")
                    .table(Invitations::Table)
                    .col(Invitations::CompanyId)
                    .col(Invitations::State)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OneTimeTokens::Table)
                    // Only the SHA-256 of the token: a copy of the database opens no link.
                    .col(string_len(OneTimeTokens::TokenHash, 64).primary_key())
                    // invitation or password_reset: a token works only for its purpose.
                    .col(string_len(OneTimeTokens::Purpose, 32))
                    // Bound to the address it was sent to.
                    .col(string_len(OneTimeTokens::Email, 254))
                    .col(big_integer(OneTimeTokens::UserId))
                    .col(big_integer_null(OneTimeTokens::InvitationId))
                    .col(timestamp_with_time_zone(OneTimeTokens::CreatedAt))
                    .col(timestamp_with_time_zone(OneTimeTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(OneTimeTokens::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OneTimeTokens::Table, OneTimeTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_one_time_tokens_user")
                    .table(OneTimeTokens::Table)
                    .col(OneTimeTokens::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MailOutbox::Table)
                    .col(big_pk_auto(MailOutbox::Id))
                    .col(string_len(MailOutbox::Recipient, 254))
                    .col(string_len(MailOutbox::Subject, 200))
                    .col(text(MailOutbox::Body))
                    .col(timestamp_with_time_zone(MailOutbox::CreatedAt))
                    // Set when an SMTP relay accepted it; NULL while it waits.
                    .col(timestamp_with_time_zone_null(MailOutbox::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mail_outbox_recipient")
                    .table(MailOutbox::Table)
                    .col(MailOutbox::Recipient)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(big_pk_auto(AuditEvents::Id))
                    .col(timestamp_with_time_zone(AuditEvents::At))
                    .col(string_len(AuditEvents::Action, 48))
                    // ok, failed or denied.
                    .col(string_len(AuditEvents::Outcome, 16))
                    // No foreign keys: the trail outlives the accounts it names.
                    .col(big_integer_null(AuditEvents::ActorId))
                    .col(big_integer_null(AuditEvents::RealActorId))
                    .col(big_integer_null(AuditEvents::SubjectId))
                    .col(big_integer_null(AuditEvents::CompanyId))
                    .col(string_len_null(AuditEvents::ClientAddr, 64))
                    .col(string_len(AuditEvents::Detail, 500))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_audit_events_at", AuditEvents::At),
            ("idx_audit_events_company", AuditEvents::CompanyId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(AuditEvents::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvents::Table.into_iden(),
            MailOutbox::Table.into_iden(),
            OneTimeTokens::Table.into_iden(),
            Invitations::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for col in [Sessions::ClientAddr, Sessions::UserAgent] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Sessions::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
